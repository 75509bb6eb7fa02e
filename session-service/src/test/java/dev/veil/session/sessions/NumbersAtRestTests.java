package dev.veil.session.sessions;

import dev.veil.events.EventType;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.platform.privacy.KeyRotation;
import dev.veil.session.SessionServiceTestSupport;
import dev.veil.testsupport.CustomerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real numbers are stored only sealed: after sessions were created through the API (one with a callback that
 * carries From/To, one with an idempotency key, repeated), no table of the schema holds either party's number in
 * clear, while GET, the party filters of the list and the route lookup still find them, and the session events
 * carry the numbers only sealed with the event key. Every sealed column is known to key rotation.
 */
class NumbersAtRestTests extends SessionServiceTestSupport {

    private static final String FIRST = "+14155559871";
    private static final String SECOND = "+14155559872";

    private final CustomerEndpoint customer = CustomerEndpoint.reserve();

    @Autowired
    KeyRotation keyRotation;

    @AfterEach
    void stopCustomer() {
        customer.stop();
    }

    @Test
    void noTableHoldsAPartyNumberInClearYetEveryLookupFindsIt() {
        customer.answer("/status", () -> 200);
        customer.start();
        // Expires at once: its SessionTimeout callback carries both parties as From/To.
        String withCallback = createSession(Map.of("first_party", FIRST, "second_party", SECOND,
                "session_expiry", 1, "callback_url", customer.url("/status"))).get("session_uuid").asString();
        Map<String, Object> body = Map.of("first_party", FIRST, "second_party", SECOND);
        byte[] first = createIdempotently(body, "at-rest-1");
        byte[] repeat = createIdempotently(body, "at-rest-1");
        assertThat(repeat).isEqualTo(first);
        String idempotent = JSON.readTree(first).get("session_uuid").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> customer.received("/status").size() == 1);
        assertThat(customer.received("/status").getFirst().params())
                .containsEntry("From", FIRST.substring(1)).containsEntry("To", SECOND.substring(1));
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE session_uuid = '" + idempotent + "'"))
                .isOne();

        // Every sealed column is declared, so key rotation covers it.
        assertThat(keyRotation.status().block()).containsKeys("sessions.first_party", "sessions.second_party",
                "sessions.first_party_pin", "sessions.second_party_pin", "callbacks.params",
                "idempotency_keys.request_hash", "idempotency_keys.response");

        List<String> tables = db.sql("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = 'session' AND table_type = 'BASE TABLE'""")
                .map(row -> row.get("table_name", String.class)).all().collectList().block();
        assertThat(tables).contains("sessions", "callbacks", "idempotency_keys", "interactions");
        for (String table : tables) {
            List<String> rows = db.sql("SELECT t::text AS row FROM session." + table + " t")
                    .map(row -> row.get("row", String.class)).all().collectList().block();
            for (String number : List.of(FIRST, SECOND)) {
                assertThat(rows).as("rows of %s", table).noneMatch(row -> row.contains(number.substring(1)));
            }
        }

        assertThat(getSession(idempotent).get("first_party").asString()).isEqualTo(FIRST.substring(1));
        assertThat(getSession(withCallback).get("second_party").asString()).isEqualTo(SECOND.substring(1));
        assertThat(listUuids("first_party", FIRST)).containsExactlyInAnyOrder(withCallback, idempotent);
        assertThat(listUuids("second_party", SECOND.substring(1))).containsExactlyInAnyOrder(withCallback,
                idempotent);
        assertThat(listUuids("first_party", SECOND)).isEmpty();
        String vn = getSession(idempotent).get("virtual_number").asString();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, SECOND))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.session_uuid").isEqualTo(idempotent);

        var created = readEvents(idempotent, EventType.SESSION_CREATED, 1).getFirst();
        assertThat(new String(created.value())).doesNotContain(FIRST.substring(1)).doesNotContain(
                SECOND.substring(1));
        SessionCreated event = (SessionCreated) codec.decode(EventType.SESSION_CREATED, created.value());
        assertThat(opened(event.session().firstParty())).isEqualTo(FIRST);
        assertThat(opened(event.session().secondParty())).isEqualTo(SECOND);
        var expired = readEvents(withCallback, EventType.SESSION_EXPIRED, 1).getFirst();
        assertThat(new String(expired.value())).doesNotContain(FIRST.substring(1));
        assertThat(opened(((SessionExpired) codec.decode(EventType.SESSION_EXPIRED, expired.value())).session()
                .secondParty())).isEqualTo(SECOND);
    }

    private byte[] createIdempotently(Map<String, Object> body, String key) {
        return web.post().uri(SESSIONS_PATH, ACCOUNT)
                .headers(h -> {
                    h.setBasicAuth(ACCOUNT, TOKEN);
                    h.set("Idempotency-Key", key);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
    }

    private List<String> listUuids(String filter, String number) {
        byte[] body = web.get().uri(b -> b.path(SESSIONS_PATH).queryParam(filter, "{n}").build(ACCOUNT, number))
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode objects = JSON.readTree(body).get("objects");
        return objects.valueStream().map(o -> o.get("session_uuid").asString()).toList();
    }
}
