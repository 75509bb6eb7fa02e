package dev.veil.carrier.webhook;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookClientTests {

    @Test
    void v2SignatureMatchesPlivosTestVectorAndIgnoresTheQuery() {
        // plivo-python tests/resources/test_signature.py, plivo-go utils_test.go.
        assertThat(WebhookClient.signV2("my_auth_token", URI.create("https://answer.url"), "12345"))
                .isEqualTo("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=");
        assertThat(WebhookClient.signV2("my_auth_token", URI.create("https://answer.url?a=b"), "12345"))
                .isEqualTo("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=");
    }
}
