package dev.veil.session.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenHashTests {

    @Test
    void hashMatchesItsTokenOnlyAndNeverContainsIt() {
        String stored = TokenHash.of("veil-demo-token");

        assertThat(stored).startsWith("sha256$").doesNotContain("veil-demo-token");
        assertThat(TokenHash.matches("veil-demo-token", stored)).isTrue();
        assertThat(TokenHash.matches("veil-demo-tokeN", stored)).isFalse();
        assertThat(TokenHash.matches("", stored)).isFalse();
    }

    @Test
    void equalTokensGetDifferentSalts() {
        assertThat(TokenHash.of("same")).isNotEqualTo(TokenHash.of("same"));
    }

    @Test
    void malformedStoredValuesMatchNothing() {
        assertThat(TokenHash.matches("t", "plain-text-token")).isFalse();
        assertThat(TokenHash.matches("t", "md5$AAAA$AAAA")).isFalse();
        assertThat(TokenHash.matches("t", "sha256$!!$??")).isFalse();
        assertThat(TokenHash.matches("t", TokenHash.UNKNOWN_ACCOUNT)).isFalse();
    }
}
