package dev.veil.session.account;

import dev.veil.session.account.AccountAuthenticationFilter.BasicCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class BasicCredentialsTests {

    static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesUserAndPasswordWhichMayContainColons() {
        assertThat(BasicCredentials.parse(basic("MA123:tok:en")))
                .isEqualTo(new BasicCredentials("MA123", "tok:en"));
        assertThat(BasicCredentials.parse("basic " + Base64.getEncoder().encodeToString("a:b".getBytes())))
                .isEqualTo(new BasicCredentials("a", "b"));
    }

    @Test
    void rejectsAbsentOtherSchemesAndMalformedValues() {
        assertThat(BasicCredentials.parse(null)).isNull();
        assertThat(BasicCredentials.parse("Bearer abc")).isNull();
        assertThat(BasicCredentials.parse("Basic %%%")).isNull();
        assertThat(BasicCredentials.parse(basic("no-colon"))).isNull();
        assertThat(BasicCredentials.parse(basic(":token-without-user"))).isNull();
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(new BasicCredentials("MA1", "secret").toString()).doesNotContain("secret");
    }
}
