package dev.veil.session.api;

import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class GetSessionTests extends SessionServiceTestSupport {

    @Test
    void getAnswersTheSessionUnderResponseWithAndWithoutTrailingSlash() {
        JsonNode created = createSession(Map.of("first_party", "+14155550111", "second_party", "+14155550112",
                "callback_url", "https://example.com/events", "callback_method", "get"));
        String uuid = created.get("session_uuid").asString();

        byte[] body = web.get().uri("/v1/Account/{id}/Masking/Session/{uuid}", ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode fetched = JSON.readTree(body);

        assertThat(fetched.propertyNames()).containsExactly("api_id", "response");
        assertThat(fetched.get("api_id").asString()).isNotEqualTo(created.get("api_id").asString());
        JsonNode session = fetched.get("response");
        assertThat(session.propertyNames()).containsExactlyElementsOf(CreateSessionTests.SESSION_KEYS);
        assertThat(session).isEqualTo(created.get("session"));
        assertThat(session.get("callback_url").asString()).isEqualTo("https://example.com/events");
        assertThat(session.get("callback_method").asString()).isEqualTo("GET");
        assertThat(getSession(uuid)).isEqualTo(session);
    }

    @Test
    void unknownMalformedOrAnotherAccountsSessionGets404() {
        String uuid = createSession(Map.of("first_party", "+14155550113", "second_party", "+14155550114"))
                .get("session_uuid").asString();

        for (String missing : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
            web.get().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, missing)
                    .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Session not found")
                    .jsonPath("$.api_id").isNotEmpty();
        }
        // The other tenant asking under its own account id: the session is simply not there.
        web.get().uri(SESSIONS_PATH + "{uuid}", OTHER_ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Session not found");
        // ... and under the owner's account id.
        web.get().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN))
                .exchange().expectStatus().isNotFound();
        web.get().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid)
                .exchange().expectStatus().isUnauthorized();
    }
}
