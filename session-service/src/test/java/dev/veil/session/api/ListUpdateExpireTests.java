package dev.veil.session.api;

import dev.veil.events.EventType;
import dev.veil.events.SessionCreated;
import dev.veil.session.SessionServiceTestSupport;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionCreator;
import dev.veil.session.sessions.SessionCreatorTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** List, update and expire over HTTP: every filter spelling, paging errors, frozen fields, unknown routes. */
class ListUpdateExpireTests extends SessionServiceTestSupport {

    @Autowired
    SessionCreator creator;

    static final DateTimeFormatter FILTER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private JsonNode list(String query) {
        return JSON.readTree(web.get().uri(SESSIONS_PATH + "?" + query, ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void everyFilterSpellingSelectsTheSameSessions() {
        String second = "+14155550802";
        createSession(Map.of("first_party", "+14155550801", "second_party", second, "session_expiry", 100));
        JsonNode newer = createSession(Map.of("first_party", "+14155550803", "second_party", second,
                "session_expiry", 200));
        String since = FILTER_TIME.format(Instant.now().minusSeconds(60));

        JsonNode all = list("second_party=14155550802");
        assertThat(all.get("objects")).hasSize(2);
        assertThat(all.get("response").get("objects")).isEqualTo(all.get("objects"));
        assertThat(all.get("response").get("meta")).isEqualTo(all.get("meta"));
        assertThat(all.get("objects").get(0).get("session_uuid").asString())
                .isEqualTo(newer.get("session_uuid").asString());
        assertThat(all.get("objects").get(0).get("resource_uri").asString())
                .isEqualTo("/v1/Account/" + ACCOUNT + "/Masking/Session/" + newer.get("session_uuid").asString() + "/");
        for (String filter : new String[] {"duration__gt=150", "duration_gt=150", "durations=200", "duration=200",
                "duration__gte=200", "duration_gte=200"}) {
            assertThat(list("second_party=14155550802&" + filter).get("meta").get("total_count").asLong())
                    .as(filter).isEqualTo(1);
        }
        for (String filter : new String[] {"created_time__gte=" + since, "created_time_gte=" + since,
                "expiry_time__gt=" + since, "expiry_time_gt=" + since, "status=active", "status=all"}) {
            assertThat(list("second_party=14155550802&" + filter).get("meta").get("total_count").asLong())
                    .as(filter).isEqualTo(2);
        }
        for (String filter : new String[] {"created_time__lt=" + since, "created_time_lte=2020-01-01 00:00",
                "created_times=" + since, "status=expired"}) {
            assertThat(list("second_party=14155550802&" + filter).get("meta").get("total_count").asLong())
                    .as(filter).isZero();
        }
        JsonNode firstPage = list("second_party=14155550802&limit=1");
        assertThat(firstPage.get("meta").get("next").asString())
                .isEqualTo("/v1/Account/" + ACCOUNT + "/Masking/Session/?second_party=14155550802&limit=1&offset=1");
        assertThat(firstPage.get("meta").get("previous").isNull()).isTrue();
        JsonNode secondPage = list("second_party=14155550802&limit=1&offset=1");
        assertThat(secondPage.get("meta").get("next").isNull()).isTrue();
        assertThat(secondPage.get("meta").get("previous").asString()).contains("offset=0");
    }

    @Test
    void withoutACreatedTimeBoundOnlyTheLastSevenDaysAreListed() {
        Session old = SessionCreatorTests.session(ACCOUNT, Instant.now().minus(8, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS), 3600);
        creator.create(old, null, "window-test").block();
        String uuid = old.sessionUuid().toString();

        assertThat(list("first_party=14155550171&limit=20").get("objects").findValuesAsString("session_uuid"))
                .doesNotContain(uuid);
        assertThat(list("first_party=14155550171&created_time__gte=" + FILTER_TIME.format(old.createdTime()))
                .get("objects").findValuesAsString("session_uuid")).contains(uuid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0|Invalid parameter. limit should be between 1 and 20.",
            "limit=21|Invalid parameter. limit should be between 1 and 20.",
            "limit=x|Invalid parameter. limit should be between 1 and 20.",
            "offset=-1|Invalid parameter. offset should be 0 or more.",
            "status=sleeping|Invalid parameter. status allowed values are active, in-progress, expired or all.",
            "created_time__gt=yesterday|Invalid parameter. created_time__gt should be a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]].",
            "duration_lt=long|Invalid parameter. duration_lt should be an integer number of seconds.",
            "first_party=12|Invalid parameter. first_party is not a valid phone number."})
    void invalidListParametersGet400(String query, String message) {
        web.get().uri(SESSIONS_PATH + "?" + query, ACCOUNT).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(message);
    }

    @Test
    void updateRecomputesExpiryFromNowAndRefusesFrozenFieldsStoringNothing() {
        JsonNode created = createSession(Map.of("first_party", "+14155550811", "second_party", "+14155550812"));
        String uuid = created.get("session_uuid").asString();

        JsonNode updated = JSON.readTree(web.post().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .header("Content-Type", "application/json")
                .bodyValue("{\"session_uuid\":\"" + uuid + "\",\"session_expiry\":60,\"geomatch\":true}")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());

        assertThat(updated.get("message").asString()).isEqualTo("Session updated");
        JsonNode s = updated.get("session");
        Instant modified = parse(s.get("modified_time").asString());
        assertThat(parse(s.get("expiry_time").asString())).isEqualTo(modified.plusSeconds(60));
        assertThat(s.get("duration").asLong()).isEqualTo(parse(s.get("expiry_time").asString()).getEpochSecond()
                - parse(s.get("created_time").asString()).getEpochSecond());

        for (String frozen : new String[] {"\"geomatch\":false", "\"pin_retry\":3",
                "\"is_pin_authentication_required\":true", "\"first_party\":\"+14155550819\"",
                "\"unknown_caller_play\":\"https://example.com/u.mp3\"", "\"subaccount\":\"SA123456789012345678\""}) {
            web.post().uri(SESSIONS_PATH + "{uuid}/", ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"ring_timeout\":10," + frozen + "}")
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(e ->
                            assertThat((String) e).startsWith("Invalid parameter. "
                                    + frozen.substring(1, frozen.indexOf('"', 1))));
        }
        assertThat(getSession(uuid).get("ring_timeout").asInt()).isEqualTo(45);
    }

    @Test
    void deleteWithNodesEmptyBodyExpiresAndUpdateAfterwardsIsRefused() {
        String uuid = createSession(Map.of("first_party", "+14155550821", "second_party", "+14155550822"))
                .get("session_uuid").asString();

        web.method(HttpMethod.DELETE).uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.message").isEqualTo("Session expired").jsonPath("$.api_id").isNotEmpty();
        web.method(HttpMethod.DELETE).uri(SESSIONS_PATH + "{uuid}/", ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Session already expired");
        web.post().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"ring_timeout\":10}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Session already expired");
        assertThat(getSession(uuid).get("status").asString()).isEqualTo("expired");
    }

    @Test
    void generatedPinsComeFromAllocationService() {
        int before = ALLOCATOR.requests().size();
        JsonNode created = createSession(Map.of("first_party", "+14155550831", "second_party", "+14155550832",
                "is_pin_authentication_required", true, "generate_pin", true, "generate_pin_length", 6,
                "pin_prompt_play", "https://example.com/pin.mp3", "pin_retry", 0, "virtual_number_cooloff_period",
                600));

        JsonNode s = created.get("session");
        assertThat(ALLOCATOR.requests().get(before).get("generate_pin_length").asInt()).isEqualTo(6);
        assertThat(ALLOCATOR.requests().get(before).get("cooloff_seconds").asInt()).isEqualTo(600);
        assertThat(s.get("first_party_pin").asString()).isEqualTo("111111");
        assertThat(s.get("second_party_pin").asString()).isEqualTo("222222");
        assertThat(s.get("pin_retry").asInt()).isZero();
        assertThat(s.get("generate_pin").booleanValue()).isTrue();
        String uuid = created.get("session_uuid").asString();
        assertThat(getSession(uuid)).isEqualTo(s);
        // call-router needs the PINs: the event carries the full routing options.
        SessionCreated event = (SessionCreated) codec.decode(EventType.SESSION_CREATED,
                readEvents(uuid, EventType.SESSION_CREATED, 1).getFirst().value());
        assertThat(keys.openPin(event.session().options().pin().sealedFirstPartyPin())).isEqualTo("111111");
        assertThat(keys.openPin(event.session().options().pin().sealedSecondPartyPin())).isEqualTo("222222");
        assertThat(new String(readEvents(uuid, EventType.SESSION_CREATED, 1).getFirst().value())).doesNotContain(
                "111111");
        assertThat(event.session().options().pin().retry()).isZero();
        assertThat(event.session().options().virtualNumberCooloffPeriod()).isEqualTo(600);
    }

    @Test
    void unknownPathsAndMethodsGetPlivoShapedErrors() {
        web.get().uri("/v1/Account/{id}/Masking/Nothing", ACCOUNT).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isNotEmpty();
        web.put().uri(SESSIONS_PATH, ACCOUNT).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isEqualTo(
                        "PUT is not allowed on this resource.");
    }

    private static Instant parse(String plivoTime) {
        return Instant.from(CreateSessionTests.PLIVO_TIME.parse(plivoTime));
    }
}
