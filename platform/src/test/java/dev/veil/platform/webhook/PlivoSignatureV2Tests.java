package dev.veil.platform.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Checked against the V2 test vector of Plivo's SDKs (plivo-python test_signature.py, plivo-go utils_test.go). */
class PlivoSignatureV2Tests {

    static final String VECTOR = "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=";

    @Test
    void signatureMatchesPlivosVectorAndIgnoresTheQuery() {
        assertThat(PlivoSignatureV2.sign("https://answer.url", "12345", "my_auth_token")).isEqualTo(VECTOR);
        assertThat(PlivoSignatureV2.sign("https://answer.url?a=b", "12345", "my_auth_token")).isEqualTo(VECTOR);
    }

    @Test
    void verifyAcceptsTheVectorAndRejectsAnotherTokenOrNonce() {
        assertThat(PlivoSignatureV2.verify("https://answer.url?x=1", "12345", VECTOR, "my_auth_token")).isTrue();
        assertThat(PlivoSignatureV2.verify("https://answer.url", "12345", VECTOR, "my_auth_tokens")).isFalse();
        assertThat(PlivoSignatureV2.verify("https://answer.url", "12346", VECTOR, "my_auth_token")).isFalse();
    }
}
