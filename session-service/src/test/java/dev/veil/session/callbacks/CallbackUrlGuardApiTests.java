package dev.veil.session.callbacks;

import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSRF guard at the API, with the guard on (as in production): the shared test context switches it off for the
 * customer endpoints on 127.0.0.1, so this class runs in a context of its own.
 */
@TestPropertySource(properties = "veil.session.callbacks.allow-private-targets=false")
class CallbackUrlGuardApiTests extends SessionServiceTestSupport {

    @Test
    void createAndUpdateRefusePrivateCallbackTargetsWithAPlivoStyle400AndStoreNothing() {
        long before = count("SELECT count(*) FROM sessions");
        web.post().uri(SESSIONS_PATH, ACCOUNT).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", "+14155550161", "second_party", "+14155550162",
                        "callback_url", "http://169.254.169.254/latest/meta-data/"))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Invalid parameter. callback_url must not point to a loopback, "
                        + "link-local, private or multicast address.");
        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(before);

        String session = createSession(Map.of("first_party", "+14155550163", "second_party", "+14155550164",
                "callback_url", "https://8.8.8.8/callbacks")).get("session_uuid").asString();
        web.post().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, session).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recording_callback_url", "http://10.0.0.7/recordings"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid parameter. recording_callback_url must not "
                        + "point to a loopback, link-local, private or multicast address.");
        assertThat(getSession(session).get("recording_callback_url").asString()).isEmpty();
        assertThat(getSession(session).get("callback_url").asString()).isEqualTo("https://8.8.8.8/callbacks");
    }
}
