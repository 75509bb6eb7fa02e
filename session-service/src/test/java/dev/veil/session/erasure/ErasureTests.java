package dev.veil.session.erasure;

import dev.veil.events.EventType;
import dev.veil.events.SessionExpired;
import dev.veil.session.SessionServiceTestSupport;
import dev.veil.testsupport.CustomerEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/Account/{auth_id}/Masking/Erasure/}: a main account's erasure expires its own and its
 * subaccounts' sessions with the number (any status) with reason {@code erased}, deletes their numbers, PINs,
 * callbacks and idempotency records, audits it without the number, and leaves other sessions and other accounts'
 * sessions with the same number alone; a bad request changes nothing, a repeat finds nothing.
 */
class ErasureTests extends SessionServiceTestSupport {

    private static final String NUMBER = "+14155559901";
    private static final String OTHER_PARTY = "+14155559902";
    private static final String BYSTANDER = "+14155559903";

    record Credentials(String authId, String token) {
    }

    @Test
    void erasureExpiresTheTenantsSessionsWithTheNumberAndDeletesWhatTheyHeld() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts");
        String withPins = create(main, Map.of("first_party", NUMBER, "second_party", OTHER_PARTY,
                "is_pin_authentication_required", true, "first_party_pin", "1234", "second_party_pin", "5678",
                "pin_prompt_play", "https://example.com/pin.mp3"), null);
        // Expires at once: its SessionTimeout callback (From/To) stays pending, the customer being down.
        CustomerEndpoint down = CustomerEndpoint.reserve();
        String expired = create(main, Map.of("first_party", OTHER_PARTY, "second_party", NUMBER, "session_expiry", 1,
                "callback_url", down.url("/status")), "erasure-key-1");
        String ofSubaccount = create(sub, Map.of("first_party", NUMBER, "second_party", BYSTANDER), null);
        String untouched = create(main, Map.of("first_party", OTHER_PARTY, "second_party", BYSTANDER), null);
        String otherTenant = JSON.readTree(web.post().uri(SESSIONS_PATH, OTHER_ACCOUNT)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", NUMBER, "second_party", OTHER_PARTY))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody())
                .get("session_uuid").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM callbacks WHERE session_uuid = '" + expired + "'") == 1);
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE session_uuid = '" + expired + "'")).isOne();

        // A bad request changes nothing.
        erase(main, MediaType.APPLICATION_JSON, "{\"number\": \"not-a-number\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Invalid parameter. number is not a valid phone number.");
        erase(main, MediaType.APPLICATION_JSON, "{}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Mandatory parameter missing. number must be present.");
        assertThat(session(main, withPins).get("first_party").asString()).isEqualTo(NUMBER.substring(1));
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'erasure' AND target_account = '"
                + main.authId() + "'")).isZero();

        JsonNode answer = JSON.readTree(erase(main, MediaType.APPLICATION_FORM_URLENCODED,
                "number=%2B" + NUMBER.substring(1)).expectStatus().isOk().expectBody().returnResult()
                .getResponseBody());
        assertThat(answer.get("message").asString()).isEqualTo("Number erased");
        assertThat(answer.get("api_id").asString()).isNotEmpty();
        assertThat(answer.get("sessions_erased").asInt()).isEqualTo(3);
        String erasureId = answer.get("erasure_id").asString();

        for (String uuid : List.of(withPins, expired, ofSubaccount)) {
            JsonNode s = session(main, uuid);
            assertThat(s.get("status").asString()).isEqualTo("expired");
            assertThat(s.get("first_party").asString()).isEmpty();
            assertThat(s.get("second_party").asString()).isEmpty();
            List<SessionExpired> events = readEvents(uuid, EventType.SESSION_EXPIRED,
                    uuid.equals(expired) ? 2 : 1).stream()
                    .map(r -> (SessionExpired) codec.decode(EventType.SESSION_EXPIRED, r.value())).toList();
            SessionExpired erased = events.getLast();
            assertThat(erased.reason()).isEqualTo("erased");
            assertThat(erased.session().firstParty()).isNull();
            assertThat(erased.session().secondParty()).isNull();
            assertThat(erased.session().options().pin()).isNull();
            assertThat(erased.session().status()).isEqualTo("expired");
        }
        assertThat(count("SELECT count(*) FROM sessions WHERE session_uuid IN ('" + withPins + "', '" + expired
                + "', '" + ofSubaccount + "') AND (first_party IS NOT NULL OR second_party IS NOT NULL OR "
                + "first_party_index IS NOT NULL OR second_party_index IS NOT NULL OR first_party_pin IS NOT NULL "
                + "OR second_party_pin IS NOT NULL)")).isZero();
        assertThat(count("SELECT count(*) FROM callbacks WHERE session_uuid = '" + expired + "'")).isZero();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE session_uuid = '" + expired + "'")).isZero();

        // Other sessions of the tenant and another tenant's session with the same number are untouched.
        assertThat(session(main, untouched).get("status").asString()).isEqualTo("active");
        assertThat(session(main, untouched).get("first_party").asString()).isEqualTo(OTHER_PARTY.substring(1));
        JsonNode other = JSON.readTree(web.get().uri(SESSIONS_PATH + "{uuid}", OTHER_ACCOUNT, otherTenant)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN)).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody()).get("response");
        assertThat(other.get("status").asString()).isEqualTo("active");
        assertThat(other.get("first_party").asString()).isEqualTo(NUMBER.substring(1));

        // Audited by id and counts, without the number.
        String details = db.sql("SELECT details::text AS d FROM audit_log WHERE action = 'erasure' AND actor = :a")
                .bind("a", main.authId()).map(r -> r.get("d", String.class)).one().block();
        assertThat(JSON.readTree(details).get("erasure_id").asString()).isEqualTo(erasureId);
        assertThat(JSON.readTree(details).get("sessions_erased").asInt()).isEqualTo(3);
        assertThat(details).doesNotContain(NUMBER.substring(1));

        // Again: nothing left to erase.
        erase(main, MediaType.APPLICATION_JSON, "{\"number\": \"" + NUMBER + "\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.sessions_erased").isEqualTo(0);
        // A subaccount's erasure covers only its own sessions.
        erase(sub, MediaType.APPLICATION_JSON, "{\"number\": \"" + BYSTANDER + "\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.sessions_erased").isEqualTo(0);
        assertThat(session(main, untouched).get("second_party").asString()).isEqualTo(BYSTANDER.substring(1));
    }

    private ResponseSpec erase(Credentials as, MediaType type, String body) {
        return web.post().uri("/v1/Account/{id}/Masking/Erasure/", as.authId())
                .headers(h -> h.setBasicAuth(as.authId(), as.token()))
                .contentType(type).bodyValue(body).exchange();
    }

    private Credentials admin(String path) {
        JsonNode body = JSON.readTree(web.post().uri(path).headers(h -> h.setBasicAuth("veil-admin",
                        "veil-admin-token"))
                .exchange().expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
        return new Credentials(body.get("auth_id").asString(), body.path("auth_token").asString(""));
    }

    private String create(Credentials as, Map<String, ?> params, String idempotencyKey) {
        return JSON.readTree(web.post().uri(SESSIONS_PATH, as.authId())
                .headers(h -> {
                    h.setBasicAuth(as.authId(), as.token());
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(params)
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody())
                .get("session_uuid").asString();
    }

    private JsonNode session(Credentials as, String uuid) {
        return JSON.readTree(web.get().uri(SESSIONS_PATH + "{uuid}", as.authId(), uuid)
                .headers(h -> h.setBasicAuth(as.authId(), as.token()))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("response");
    }
}
