package dev.veil.session.audit;

import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin actions are audited (actor, action, target, no secrets) and listed newest first by the admin API. */
class AuditLogTests extends SessionServiceTestSupport {

    private static final String ADMIN = "veil-admin";
    private static final String ADMIN_TOKEN = "veil-admin-token";

    @Test
    void adminActionsAreListedNewestFirstWithoutSecrets() {
        JsonNode main = post("/admin/v1/accounts");
        String mainId = main.get("auth_id").asString();
        JsonNode sub = post("/admin/v1/accounts/" + mainId + "/subaccounts");
        String subId = sub.get("auth_id").asString();
        JsonNode rotated = post("/admin/v1/accounts/" + subId + "/token");
        web.put().uri("/admin/v1/accounts/{id}/limits", mainId).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("calls_burst", 7))
                .exchange().expectStatus().isOk();
        post("/admin/v1/accounts/" + subId + "/disable");
        // A refused action is not audited.
        web.post().uri("/admin/v1/accounts/MANOSUCHACCOUNT00001/disable")
                .headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN)).exchange().expectStatus().isNotFound();

        byte[] page = web.get().uri("/admin/v1/audit?limit=100").headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode body = JSON.readTree(page);
        assertThat(body.get("meta").get("limit").asInt()).isEqualTo(100);
        List<JsonNode> ours = body.get("objects").valueStream()
                .filter(e -> Set.of(mainId, subId).contains(e.path("target_account").asString(""))).toList();
        assertThat(ours).extracting(e -> e.get("action").asString()).containsExactly("account.disable",
                "account.limits_change", "account.token_rotate", "subaccount.create", "account.create");
        assertThat(ours).extracting(e -> e.get("actor").asString()).containsOnly(ADMIN);
        assertThat(ours.get(1).get("details").get("calls_burst").asInt()).isEqualTo(7);
        assertThat(ours.get(3).get("details").get("main_account").asString()).isEqualTo(mainId);
        assertThat(ours.getFirst().get("time").asString()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(body.get("objects").valueStream().map(e -> e.get("target_account").asString(""))
                .filter("MANOSUCHACCOUNT00001"::equals)).isEmpty();
        String text = new String(page);
        assertThat(text).doesNotContain(main.get("auth_token").asString()).doesNotContain(
                sub.get("auth_token").asString()).doesNotContain(rotated.get("auth_token").asString());

        web.get().uri("/admin/v1/audit?limit=2&offset=1").headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.objects.length()").isEqualTo(2);
        web.get().uri("/admin/v1/audit?limit=0").headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        web.get().uri("/admin/v1/audit").headers(h -> h.setBasicAuth(mainId, main.get("auth_token").asString()))
                .exchange().expectStatus().isUnauthorized();
    }

    private JsonNode post(String path) {
        return JSON.readTree(web.post().uri(path).headers(h -> h.setBasicAuth(ADMIN, ADMIN_TOKEN))
                .exchange().expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
    }
}
