package dev.veil.session.account;

import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /internal/v1/accounts/authenticate}, the credentials check other services delegate to. */
class AuthenticateEndpointTests extends SessionServiceTestSupport {

    private static final String PATH = "/internal/v1/accounts/authenticate";

    private JsonNode admin(String path) {
        // Generous: this may be the first request of the shared context, while its consumers still join their groups.
        return JSON.readTree(web.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri(path).headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange().expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
    }

    private JsonNode authenticate(String authId, String token) {
        return JSON.readTree(web.get().uri(PATH).headers(h -> h.setBasicAuth(authId, token))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void answersTheMainAccountWithItsLiveSubaccountsAndASubaccountWithout() {
        JsonNode main = admin("/admin/v1/accounts");
        String mainId = main.get("auth_id").asString();
        JsonNode sub = admin("/admin/v1/accounts/" + mainId + "/subaccounts");
        String subId = sub.get("auth_id").asString();
        String disabledSub = admin("/admin/v1/accounts/" + mainId + "/subaccounts").get("auth_id").asString();
        admin("/admin/v1/accounts/" + disabledSub + "/disable");

        JsonNode asMain = authenticate(mainId, main.get("auth_token").asString());
        assertThat(asMain.get("auth_id").asString()).isEqualTo(mainId);
        assertThat(asMain.get("main_account_id").asString()).isEqualTo(mainId);
        assertThat(asMain.get("subaccount_ids").valueStream().map(JsonNode::asString).toList())
                .containsExactly(subId);

        JsonNode asSub = authenticate(subId, sub.get("auth_token").asString());
        assertThat(asSub.get("auth_id").asString()).isEqualTo(subId);
        assertThat(asSub.get("main_account_id").asString()).isEqualTo(mainId);
        assertThat(asSub.get("subaccount_ids").isEmpty()).isTrue();
    }

    @Test
    void missingWrongOrDisabledCredentialsGet401WithAPlivoError() {
        web.get().uri(PATH).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isNotEmpty();
        web.get().uri(PATH).headers(h -> h.setBasicAuth(ACCOUNT, "wrong-token"))
                .exchange().expectStatus().isUnauthorized();
        web.get().uri(PATH).headers(h -> h.set("Authorization", "Bearer " + TOKEN))
                .exchange().expectStatus().isUnauthorized();

        JsonNode main = admin("/admin/v1/accounts");
        String mainId = main.get("auth_id").asString();
        authenticate(mainId, main.get("auth_token").asString());
        admin("/admin/v1/accounts/" + mainId + "/disable");
        web.get().uri(PATH).headers(h -> h.setBasicAuth(mainId, main.get("auth_token").asString()))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.api_id").isNotEmpty();
    }
}
