package dev.veil.session.routes;

import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyNumber;
import dev.veil.events.PartyRole;
import dev.veil.session.FakeAllocationService;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouteLookupTests extends SessionServiceTestSupport {

    @Test
    void liveSessionIsFoundByVirtualNumberAndEitherPartyWithOrWithoutPlus() {
        JsonNode created = createSession(Map.of("first_party", "+14155550161", "second_party", "+14155550162",
                "ring_timeout", 20));
        String uuid = created.get("session_uuid").asString();
        String vn = created.get("virtual_number").asString();

        for (String caller : new String[] {"+14155550161", "14155550162"}) {
            byte[] body = web.get().uri(b -> b.path("/internal/v1/routes")
                            .queryParam("virtual_number", "{vn}").queryParam("caller", "{caller}")
                            .build(caller.startsWith("+") ? vn : vn.substring(1), caller))
                    .exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            JsonNode route = JSON.readTree(body);
            assertThat(route.get("session_uuid").asString()).isEqualTo(uuid);
            JsonNode session = route.get("session");
            assertThat(session.get("accountId").asString()).isEqualTo(ACCOUNT);
            // Parties travel as the events carry them: blind index, country, number sealed with the event key.
            assertThat(keys.number(new PartyNumber(session.get("firstParty").get("index").asString(),
                    session.get("firstParty").get("country").asString(),
                    session.get("firstParty").get("sealed").asString())).e164()).isEqualTo("+14155550161");
            assertThat(keys.number(new PartyNumber(session.get("secondParty").get("index").asString(),
                    session.get("secondParty").get("country").asString(),
                    session.get("secondParty").get("sealed").asString())).e164()).isEqualTo("+14155550162");
            assertThat(session.toString()).doesNotContain("4155550161").doesNotContain("4155550162");
            assertThat(session.get("virtualNumber").asString()).isEqualTo(vn);
            assertThat(session.get("status").asString()).isEqualTo("active");
            assertThat(session.get("ringTimeout").asInt()).isEqualTo(20);
            assertThat(session.get("callTimeLimit").asInt()).isEqualTo(14400);
            assertThat(session.get("createdTime").asString()).endsWith("Z");
        }
    }

    @Test
    void sessionWithACallUnderWayStillRoutesAsActive() {
        JsonNode created = createSession(Map.of("first_party", "+14155550165", "second_party", "+14155550166"));
        String uuid = created.get("session_uuid").asString();
        publish(new InteractionStarted(uuid, ACCOUNT, UUID.randomUUID().toString(), PartyRole.FIRST_PARTY,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> getSession(uuid).get("status").asString(),
                "in-progress"::equals);

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(created.get("virtual_number").asString(),
                                "+14155550166"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.session_uuid").isEqualTo(uuid)
                .jsonPath("$.session.status").isEqualTo("active");
    }

    @Test
    void strangerOrUnknownNumberGets404AndBadNumbers400() {
        String vn = createSession(Map.of("first_party", "+14155550163", "second_party", "+14155550164"))
                .get("virtual_number").asString();

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550199"))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isNotEmpty();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build("+14155550198", "+14155550163"))
                .exchange().expectStatus().isNotFound();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build("123", "+14155550163"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("virtual_number must be a valid phone number.");
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}").build(vn))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("caller must be a valid phone number.");
    }

    @Test
    void singlePartySessionWithoutPinTakesAnyCallerUntilItIsExpired() {
        JsonNode created = createSession(Map.of("first_party", "+14155550167", "second_party", "",
                "create_session_with_single_party", true, "first_party_play_url", "https://example.com/hi.mp3"));
        String uuid = created.get("session_uuid").asString();
        String vn = created.get("virtual_number").asString();

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550197"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.session_uuid").isEqualTo(uuid)
                .jsonPath("$.session.secondParty").doesNotExist()
                .jsonPath("$.session.options.singleParty").isEqualTo(true)
                .jsonPath("$.session.options.firstPartyPlayUrl").isEqualTo("https://example.com/hi.mp3");

        web.delete().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550167"))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void recentSessionsAreTheNewLiveOnesOnTheNumberNewestFirstWithPartiesAndPinsSealed() {
        String vn = sharedVirtualNumber();
        ALLOCATOR.reply(new FakeAllocationService.Reply.AllocateOn(vn));
        String old = createSession(Map.of("first_party", "+14155550171", "second_party", "+14155550172"))
                .get("session_uuid").asString();
        // Created before the window (60 s): the router has long had it from the session topic.
        db.sql("UPDATE sessions SET created_time = created_time - interval '61 seconds' WHERE session_uuid = :uuid")
                .bind("uuid", UUID.fromString(old)).then().block();
        String expired = createSession(Map.of("first_party", "+14155550173", "second_party", "+14155550174"))
                .get("session_uuid").asString();
        web.delete().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, expired).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk();
        String announced = createSession(Map.of("first_party", "+14155550175", "second_party", "+14155550176",
                "unknown_caller_play", "https://example.com/unknown.mp3")).get("session_uuid").asString();
        String pin = createSession(Map.of("first_party", "+14155550177", "second_party", "+14155550178",
                "is_pin_authentication_required", true, "pin_prompt_play", "https://example.com/pin.mp3",
                "first_party_pin", "4711", "second_party_pin", "0815")).get("session_uuid").asString();
        ALLOCATOR.reply(new FakeAllocationService.Reply.Allocate());
        JsonNode elsewhere = createSession(Map.of("first_party", "+14155550179", "second_party", "+14155550180"));

        JsonNode recent = recent(vn.substring(1));
        assertThat(recent).extracting(r -> r.get("session_uuid").asString()).containsExactly(pin, announced);
        JsonNode session = recent.get(0).get("session");
        assertThat(session.get("virtualNumber").asString()).isEqualTo(vn);
        assertThat(session.get("status").asString()).isEqualTo("active");
        JsonNode pins = session.get("options").get("pin");
        assertThat(keys.openPin(pins.get("sealedFirstPartyPin").asString())).isEqualTo("4711");
        assertThat(keys.openPin(pins.get("sealedSecondPartyPin").asString())).isEqualTo("0815");
        assertThat(pins.get("promptPlay").asString()).isEqualTo("https://example.com/pin.mp3");
        assertThat(opened(new PartyNumber(session.get("firstParty").get("index").asString(),
                session.get("firstParty").get("country").asString(),
                session.get("firstParty").get("sealed").asString()))).isEqualTo("+14155550177");
        assertThat(recent.toString()).doesNotContain("4155550177", "4155550178", "4711", "0815");
        assertThat(recent.get(1).get("session").get("options").get("unknownCallerPlay").asString())
                .isEqualTo("https://example.com/unknown.mp3");

        assertThat(recent(elsewhere.get("virtual_number").asString()))
                .extracting(r -> r.get("session_uuid").asString())
                .containsExactly(elsewhere.get("session_uuid").asString());
        assertThat(recent(sharedVirtualNumber())).isEmpty();
    }

    @Test
    void recentSessionsAreAtMostFifty() {
        String vn = sharedVirtualNumber();
        ALLOCATOR.reply(new FakeAllocationService.Reply.AllocateOn(vn));
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= RouteController.MOST_RECENT; i++) {
            created.add(createSession(Map.of("first_party", "+1415556" + (1000 + i), "second_party",
                    "+1415557" + (1000 + i))).get("session_uuid").asString());
        }

        assertThat(recent(vn)).extracting(r -> r.get("session_uuid").asString())
                .containsExactlyElementsOf(created.reversed().subList(0, RouteController.MOST_RECENT));
    }

    @Test
    void recentSessionsOfABadOrMissingNumberAre400() {
        web.get().uri(b -> b.path("/internal/v1/routes/recent").queryParam("virtual_number", "{vn}").build("123"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("virtual_number must be a valid phone number.");
        web.get().uri("/internal/v1/routes/recent")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("virtual_number must be a valid phone number.");
    }

    /** A virtual number of its own for a test, outside the range the fake allocator hands out. */
    private static String sharedVirtualNumber() {
        return "+1415558" + ThreadLocalRandom.current().nextInt(1000, 10000);
    }

    /** {@code GET /internal/v1/routes/recent} of {@code vn}: the {@code sessions} array. */
    private JsonNode recent(String vn) {
        byte[] body = web.get().uri(b -> b.path("/internal/v1/routes/recent").queryParam("virtual_number", "{vn}")
                        .build(vn))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("sessions");
    }
}
