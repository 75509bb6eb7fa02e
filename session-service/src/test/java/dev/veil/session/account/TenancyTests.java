package dev.veil.session.account;

import dev.veil.events.SessionCharged;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API, subaccounts and tenant isolation over every endpoint. */
class TenancyTests extends SessionServiceTestSupport {

    static final String ADMIN = "veil-admin";
    static final String ADMIN_TOKEN = "veil-admin-token";

    record Credentials(String authId, String token) {
    }

    private Credentials admin(String path) {
        JsonNode body = JSON.readTree(web.post().uri(path).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
        return new Credentials(body.get("auth_id").asString(), body.path("auth_token").asString(""));
    }

    private JsonNode create(Credentials as, Map<String, ?> params) {
        return JSON.readTree(web.post().uri(SESSIONS_PATH, as.authId()).headers(h -> h.setBasicAuth(as.authId(),
                        as.token())).contentType(MediaType.APPLICATION_JSON).bodyValue(params)
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
    }

    private JsonNode list(Credentials as) {
        return JSON.readTree(web.get().uri(SESSIONS_PATH, as.authId()).headers(h -> h.setBasicAuth(as.authId(),
                        as.token()))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void adminCreatesAccountsAndSubaccountsInPlivosFormatWithHashedTokens() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts/");

        assertThat(main.authId()).matches("MA[A-Z0-9]{18}");
        assertThat(sub.authId()).matches("SA[A-Z0-9]{18}");
        assertThat(main.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(count("SELECT count(*) FROM accounts WHERE token_hash LIKE '%" + main.token() + "%'")).isZero();
        web.get().uri("/admin/v1/accounts/{id}", sub.authId()).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.main_account").isEqualTo(main.authId()).jsonPath("$.enabled").isEqualTo(true);
        // A subaccount cannot have subaccounts; unknown accounts are 404; account credentials do not open admin.
        web.post().uri("/admin/v1/accounts/{id}/subaccounts", sub.authId())
                .headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN)).exchange().expectStatus().isNotFound();
        web.post().uri("/admin/v1/accounts/MANOSUCHACCOUNT00001/token")
                .headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN)).exchange().expectStatus().isNotFound();
        web.post().uri("/admin/v1/accounts").headers(h -> h.setBasicAuth(main.authId(), main.token()))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.api_id").isNotEmpty();
        web.post().uri("/admin/v1/accounts").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void subaccountSeesOnlyItsOwnSessionsAndTheMainAccountSeesAll() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts");
        int before = ALLOCATOR.requests().size();

        String mainSession = create(main, Map.of("first_party", "+14155550701", "second_party", "+14155550702"))
                .get("session_uuid").asString();
        JsonNode subCreated = create(sub, Map.of("first_party", "+14155550703", "second_party", "+14155550704"));
        String subSession = subCreated.get("session_uuid").asString();
        JsonNode named = create(main, Map.of("first_party", "+14155550705", "second_party", "+14155550706",
                "subaccount", sub.authId()));

        assertThat(ALLOCATOR.requests().get(before).has("subaccount")).isFalse();
        assertThat(ALLOCATOR.requests().get(before + 1).get("subaccount").asString()).isEqualTo(sub.authId());
        assertThat(ALLOCATOR.requests().get(before + 1).get("account_id").asString()).isEqualTo(main.authId());
        assertThat(subCreated.get("session").get("subaccount").asString()).isEqualTo(sub.authId());
        assertThat(named.get("session").get("subaccount").asString()).isEqualTo(sub.authId());

        assertThat(list(main).get("meta").get("total_count").asLong()).isEqualTo(3);
        JsonNode subList = list(sub);
        assertThat(subList.get("meta").get("total_count").asLong()).isEqualTo(2);
        assertThat(subList.get("objects").findValuesAsString("session_uuid")).doesNotContain(mainSession);
        web.get().uri(SESSIONS_PATH + "{uuid}", sub.authId(), mainSession)
                .headers(h -> h.setBasicAuth(sub.authId(), sub.token())).exchange().expectStatus().isNotFound();
        web.get().uri(SESSIONS_PATH + "{uuid}", main.authId(), subSession)
                .headers(h -> h.setBasicAuth(main.authId(), main.token())).exchange().expectStatus().isOk();
    }

    @Test
    void everyEndpointWithAnotherTenantsSessionIs404AndChangesNothing() {
        Credentials main = admin("/admin/v1/accounts");
        String uuid = create(main, Map.of("first_party", "+14155550711", "second_party", "+14155550712"))
                .get("session_uuid").asString();
        String path = SESSIONS_PATH + "{uuid}";
        for (String suffix : new String[] {"", "/"}) {
            web.get().uri(path + suffix, ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error")
                    .isEqualTo("Session not found");
            web.post().uri(path + suffix, ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"ring_timeout\":10}")
                    .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error")
                    .isEqualTo("Session not found");
            web.method(HttpMethod.DELETE).uri(path + suffix, ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT,
                            TOKEN)).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error")
                    .isEqualTo("Session not found");
            // ... and the other tenant's own path with this tenant's credentials.
            web.get().uri(path + suffix, main.authId(), uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isNotFound();
            web.get().uri(SESSIONS_PATH, main.authId()).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isNotFound();
        }
        assertThat(list(new Credentials(ACCOUNT, TOKEN)).get("objects").findValuesAsString("session_uuid"))
                .doesNotContain(uuid);
        JsonNode untouched = JSON.readTree(web.get().uri(path, main.authId(), uuid)
                .headers(h -> h.setBasicAuth(main.authId(), main.token()))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("response");
        assertThat(untouched.get("status").asString()).isEqualTo("active");
        assertThat(untouched.get("ring_timeout").asInt()).isEqualTo(45);
    }

    @Test
    void rotatedOrDisabledCredentialsGet401() {
        Credentials main = admin("/admin/v1/accounts");
        Credentials sub = admin("/admin/v1/accounts/" + main.authId() + "/subaccounts");
        list(sub);

        Credentials rotated = admin("/admin/v1/accounts/" + sub.authId() + "/token");
        web.get().uri(SESSIONS_PATH, sub.authId()).headers(h -> h.setBasicAuth(sub.authId(), sub.token()))
                .exchange().expectStatus().isUnauthorized();
        list(new Credentials(sub.authId(), rotated.token()));

        admin("/admin/v1/accounts/" + main.authId() + "/disable");
        web.get().uri(SESSIONS_PATH, main.authId()).headers(h -> h.setBasicAuth(main.authId(), main.token()))
                .exchange().expectStatus().isUnauthorized();
        // A disabled main account takes its subaccounts with it.
        web.get().uri(SESSIONS_PATH, sub.authId()).headers(h -> h.setBasicAuth(sub.authId(), rotated.token()))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void sessionChargedAddsTheFeeToTotalSessionAmount() {
        String uuid = createSession(Map.of("first_party", "+14155550721", "second_party", "+14155550722"))
                .get("session_uuid").asString();

        publish(new SessionCharged(uuid, ACCOUNT, new BigDecimal("0.0300"), "USD"));

        JsonNode session = await().atMost(Duration.ofSeconds(30)).until(() -> getSession(uuid),
                s -> s.get("total_session_amount").decimalValue().signum() > 0);
        assertThat(session.get("total_session_amount").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(session.get("total_call_amount").decimalValue()).isEqualByComparingTo("0");
    }
}
