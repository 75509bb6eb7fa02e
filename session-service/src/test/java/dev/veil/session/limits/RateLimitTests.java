package dev.veil.session.limits;

import dev.veil.session.SessionServiceTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-account limits set through the admin API, the defaults from configuration, the internal call-limit endpoint,
 * and session creation refused with 429 and {@code Retry-After} once a bucket is empty, storing nothing; a
 * subaccount passes its own bucket and its main account's.
 */
class RateLimitTests extends SessionServiceTestSupport {

    private static final String ADMIN = "veil-admin";
    private static final String ADMIN_TOKEN = "veil-admin-token";

    @Autowired
    MeterRegistry meters;

    record Credentials(String authId, String token) {
    }

    @Test
    void limitsAreConfigurablePerAccountAndInheritedBySubaccounts() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts");
        getLimits(main.authId()).expectStatus().isOk().expectBody()
                .jsonPath("$.auth_id").isEqualTo(main.authId())
                .jsonPath("$.sessions_per_second").isEqualTo(100.0).jsonPath("$.sessions_burst").isEqualTo(200)
                .jsonPath("$.calls_per_second").isEqualTo(50.0).jsonPath("$.calls_burst").isEqualTo(100);

        putLimits(main.authId(), Map.of("calls_per_second", 5.0, "calls_burst", 20, "sessions_per_second", 2.5))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.calls_per_second").isEqualTo(5.0).jsonPath("$.calls_burst").isEqualTo(20)
                .jsonPath("$.sessions_per_second").isEqualTo(2.5).jsonPath("$.sessions_burst").isEqualTo(200);
        web.get().uri("/internal/v1/accounts/{id}/limits", main.authId()).exchange().expectStatus().isOk()
                .expectBody().json("{\"calls_per_second\": 5.0, \"calls_burst\": 20}", true);
        // The subaccount inherits each limit it has not set.
        web.get().uri("/internal/v1/accounts/{id}/limits", sub.authId()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.calls_per_second").isEqualTo(5.0).jsonPath("$.calls_burst").isEqualTo(20);
        putLimits(sub.authId(), Map.of("calls_burst", 3)).expectStatus().isOk();
        web.get().uri("/internal/v1/accounts/{id}/limits", sub.authId()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.calls_per_second").isEqualTo(5.0).jsonPath("$.calls_burst").isEqualTo(3);

        web.get().uri("/internal/v1/accounts/MANOSUCHACCOUNT00001/limits").exchange().expectStatus().isNotFound();
        putLimits("MANOSUCHACCOUNT00001", Map.of("calls_burst", 3)).expectStatus().isNotFound();
        putLimits(main.authId(), Map.of("sessions_burst", 0)).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Invalid parameter. sessions_burst should be an integer of 1 or more.");
        putLimits(main.authId(), Map.of("calls_per_second", -1)).expectStatus().isBadRequest();
        web.put().uri("/admin/v1/accounts/{id}/limits", main.authId())
                .headers(h -> h.setBasicAuth(main.authId(), main.token())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessions_burst", 1000)).exchange().expectStatus().isUnauthorized();
        getLimits(main.authId()).expectStatus().isOk().expectBody().jsonPath("$.sessions_burst").isEqualTo(200);
    }

    @Test
    void sessionCreationOverTheLimitIs429WithRetryAfterAndStoresNothing() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts");
        // Two at once, then one every 10 s: a third create in the same moment is refused.
        putLimits(main.authId(), Map.of("sessions_per_second", 0.1, "sessions_burst", 2)).expectStatus().isOk();
        putLimits(sub.authId(), Map.of("sessions_per_second", 100, "sessions_burst", 100)).expectStatus().isOk();
        double ownBefore = refusals("account");
        double mainBefore = refusals("main_account");

        create(main).expectStatus().isCreated();
        create(main).expectStatus().isCreated();
        int allocations = ALLOCATOR.requests().size();
        long stored = count("SELECT count(*) FROM sessions WHERE main_account_id = '" + main.authId() + "'");

        JsonNode refused = JSON.readTree(create(main).expectStatus().isEqualTo(429)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 10L))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody());
        assertThat(refused.get("api_id").asString()).isNotEmpty();
        assertThat(refused.get("error").asString()).isEqualTo("Too many requests: the session creation limit of "
                + "this account is 0.1 per second (burst 2). Retry after the time in Retry-After.");

        // The subaccount's own bucket is full, its main account's is empty.
        JsonNode subRefused = JSON.readTree(create(sub).expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After").expectBody().returnResult().getResponseBody());
        assertThat(subRefused.get("error").asString()).startsWith(
                "Too many requests: the session creation limit of its main account is 0.1 per second");

        assertThat(ALLOCATOR.requests()).hasSize(allocations);
        assertThat(count("SELECT count(*) FROM sessions WHERE main_account_id = '" + main.authId() + "'"))
                .isEqualTo(stored);
        assertThat(refusals("account")).isEqualTo(ownBefore + 1);
        assertThat(refusals("main_account")).isEqualTo(mainBefore + 1);
        // Another account is not affected.
        createSession(Map.of("first_party", "+14155559931", "second_party", "+14155559932"));
    }

    private double refusals(String scope) {
        return meters.counter("veil.sessions.rate_limited", "scope", scope).count();
    }

    private ResponseSpec create(Credentials as) {
        return web.post().uri(SESSIONS_PATH, as.authId()).headers(h -> h.setBasicAuth(as.authId(), as.token()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", "+14155559921", "second_party", "+14155559922"))
                .exchange();
    }

    private ResponseSpec getLimits(String authId) {
        return web.get().uri("/admin/v1/accounts/{id}/limits", authId).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange();
    }

    private ResponseSpec putLimits(String authId, Map<String, ?> limits) {
        return web.put().uri("/admin/v1/accounts/{id}/limits/", authId).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(limits).exchange();
    }

    private Credentials admin(String path) {
        JsonNode body = JSON.readTree(web.post().uri(path).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
        return new Credentials(body.get("auth_id").asString(), body.path("auth_token").asString(""));
    }
}
