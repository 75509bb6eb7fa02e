package dev.veil.session.sdk;

import com.plivo.api.PlivoClient;
import com.plivo.api.exceptions.InvalidRequestException;
import com.plivo.api.models.base.ListResponse;
import com.plivo.api.models.maskingsession.MaskingSession;
import com.plivo.api.models.maskingsession.MaskingSessionCreateResponse;
import com.plivo.api.models.maskingsession.MaskingSessionUpdateResponse;
import dev.veil.events.EventType;
import dev.veil.events.SessionUpdated;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every session operation driven through the official Java SDK (com.plivo:plivo-java:5.46.3), as customers do. */
class PlivoJavaSdkTests extends SessionServiceTestSupport {

    @LocalServerPort
    int port;

    PlivoClient client;

    @BeforeEach
    void client() {
        client = LocalPlivoClient.at(port, ACCOUNT, TOKEN);
    }

    @Test
    void zeroFilledCreateGetsTheDefaultsAndGetReturnsTheSession() throws Exception {
        int before = ALLOCATOR.requests().size();

        MaskingSessionCreateResponse created = (MaskingSessionCreateResponse) MaskingSession
                .creator("+14155550601", "14155550602").client(client).create();

        assertThat(created.getMessage()).isEqualTo("Session created");
        assertThat(created.getVirtualNumber()).startsWith("+1");
        JsonNode session = fetch(created.getSessionUuid());
        assertThat(session.get("first_party").asString()).isEqualTo("14155550601");
        assertThat(session.get("duration").asInt()).isEqualTo(3600);
        assertThat(session.get("call_time_limit").asInt()).isEqualTo(14400);
        assertThat(session.get("ring_timeout").asInt()).isEqualTo(45);
        assertThat(session.get("virtual_number_cooloff_period").asInt()).isZero();
        assertThat(session.get("is_pin_authentication_required").booleanValue()).isFalse();
        assertThat(session.get("first_party_pin").isNull()).isTrue();
        JsonNode allocation = ALLOCATOR.requests().get(before);
        assertThat(allocation.has("pins")).isFalse();
        assertThat(allocation.has("cooloff_seconds")).isFalse();
    }

    @Test
    void createWithEveryOptionStoresThemAndSendsThemToAllocation() throws Exception {
        int before = ALLOCATOR.requests().size();
        MaskingSessionCreateResponse created = (MaskingSessionCreateResponse) MaskingSession
                .creator("+14155550611", "+14155550612")
                .sessionExpiry(600).callTimeLimit(120).ringTimeout(30).record(true).recordFileFormat("wav")
                .callbackUrl("https://example.com/cb").callbackMethod("GET")
                .firstPartyPlayUrl("https://example.com/1.mp3").secondPartyPlayUrl("https://example.com/2.mp3")
                .isPinAuthenticationRequired(true).firstPartyPin("1234").secondPartyPin("98765")
                .pinPromptPlay("https://example.com/pin.mp3").incorrectPinPlay("https://example.com/bad.mp3")
                .unknownCallerPlay("https://example.com/unknown.mp3").initiateCallToFirstParty(true)
                .client(client).create();

        JsonNode s = fetch(created.getSessionUuid());
        assertThat(s.get("duration").asInt()).isEqualTo(600);
        assertThat(s.get("record_file_format").asString()).isEqualTo("wav");
        assertThat(s.get("first_party_play_url").asString()).isEqualTo("https://example.com/1.mp3");
        assertThat(s.get("unknown_caller_play").asString()).isEqualTo("https://example.com/unknown.mp3");
        assertThat(s.get("initiate_call_to_first_party").booleanValue()).isTrue();
        assertThat(s.get("is_pin_authentication_required").booleanValue()).isTrue();
        assertThat(s.get("first_party_pin").asString()).isEqualTo("1234");
        assertThat(s.get("second_party_pin").asString()).isEqualTo("98765");
        assertThat(s.get("pin_retry").asInt()).isEqualTo(1);
        assertThat(s.get("pin_retry_wait").asInt()).isEqualTo(5);
        assertThat(s.get("generate_pin").booleanValue()).isFalse();
        JsonNode allocation = ALLOCATOR.requests().get(before);
        assertThat(allocation.get("pins").toString()).isEqualTo("[\"1234\",\"98765\"]");
        assertThat(allocation.get("account_id").asString()).isEqualTo(ACCOUNT);
    }

    @Test
    void singlePartyCreateWithAnEmptyPartyAndALaterFillIn() throws Exception {
        int before = ALLOCATOR.requests().size();
        MaskingSessionCreateResponse created = (MaskingSessionCreateResponse) MaskingSession
                .creator("+14155550621", "").createSessionWithSingleParty(true).client(client).create();
        String uuid = created.getSessionUuid();
        assertThat(fetch(uuid).get("second_party").asString()).isEmpty();
        JsonNode allocation = ALLOCATOR.requests().get(before);
        assertThat(allocation.get("any_caller").booleanValue()).isTrue();
        assertThat(allocation.get("second_party")).isNull();

        MaskingSession.updater(uuid).secondParty("+14155550622").client(client).update();

        assertThat(fetch(uuid).get("second_party").asString()).isEqualTo("14155550622");
        assertThat(fetch(uuid).get("create_session_with_single_party").booleanValue()).isTrue();
    }

    @Test
    void zeroFilledUpdateChangesNothingAndARealUpdatePublishesSessionUpdated() throws Exception {
        String uuid = ((MaskingSessionCreateResponse) MaskingSession.creator("+14155550631", "+14155550632")
                .record(true).sessionExpiry(900).client(client).create()).getSessionUuid();
        JsonNode before = fetch(uuid);

        MaskingSession.updater(uuid).client(client).update();

        JsonNode unchanged = fetch(uuid);
        assertThat(unchanged.get("record").booleanValue()).isTrue();
        assertThat(unchanged.get("expiry_time")).isEqualTo(before.get("expiry_time"));
        assertThat(unchanged.get("call_time_limit")).isEqualTo(before.get("call_time_limit"));

        MaskingSessionUpdateResponse updated = (MaskingSessionUpdateResponse) MaskingSession.updater(uuid)
                .callTimeLimit(300).ringTimeout(20).callbackUrl("https://example.com/new").client(client).update();
        @SuppressWarnings("unchecked")
        Map<String, Object> session = (Map<String, Object>) updated.getSession();
        assertThat(session.get("call_time_limit")).isEqualTo(300);
        assertThat(fetch(uuid).get("callback_url").asString()).isEqualTo("https://example.com/new");

        List<SessionUpdated> events = readEvents(uuid, EventType.SESSION_UPDATED, 2).stream()
                .map(r -> (SessionUpdated) codec.decode(EventType.SESSION_UPDATED, r.value())).toList();
        assertThat(events.getLast().session().callTimeLimit()).isEqualTo(300);
        assertThat(events.getLast().session().ringTimeout()).isEqualTo(20);

        assertThatThrownBy(() -> MaskingSession.updater(uuid).geomatch(false).client(client).update())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("geomatch cannot be updated once the session is created.");
    }

    @Test
    void listIteratesTheTopLevelObjectsAndFiltersWithJavaSpelling() throws Exception {
        String first = "+14155550641";
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(((MaskingSessionCreateResponse) MaskingSession.creator(first, "+1415555065" + i)
                    .client(client).create()).getSessionUuid());
        }

        ListResponse<MaskingSession> page = MaskingSession.lister().firstParty("14155550641")
                .createdTimeGte("2020-01-01 00:00").limit(2).client(client).list();
        assertThat(page.getMeta().getTotalCount()).isEqualTo(3);
        assertThat(page.getMeta().getNext()).contains("offset=2").contains("limit=2");
        assertThat(page.getObjects()).hasSize(2);

        int iterated = 0;
        for (MaskingSession ignored : MaskingSession.lister().firstParty("14155550641").client(client)) {
            iterated++;
        }
        assertThat(iterated).isEqualTo(3);
        assertThat(MaskingSession.lister().firstParty("14155550641").client(client).get()).isEqualTo(3);
    }

    @Test
    void deleteExpiresOnceThenAnswersAlreadyExpired() throws Exception {
        String uuid = ((MaskingSessionCreateResponse) MaskingSession.creator("+14155550661", "+14155550662")
                .client(client).create()).getSessionUuid();

        String first = MaskingSession.deleter(uuid).client(client).delete();
        String second = MaskingSession.deleter(uuid).client(client).delete();

        assertThat(first).contains("\"message\":\"Session expired\"");
        assertThat(second).contains("\"error\":\"Session already expired\"");
        assertThat(fetch(uuid).get("status").asString()).isEqualTo("expired");
        assertThat(readEvents(uuid, EventType.SESSION_EXPIRED, 1)).hasSize(1);
    }

    private JsonNode fetch(String uuid) throws Exception {
        return JSON.readTree(MaskingSession.getter(uuid).client(client).get()).get("response");
    }
}
