package dev.veil.session.account;

import dev.veil.session.SessionProperties.SeededAccount;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class AccountSeedingTests extends SessionServiceTestSupport {

    @Autowired
    AccountCredentials credentials;

    @Test
    void configuredAccountsAreSeededWithHashedTokens() {
        String stored = hashOf(ACCOUNT);

        assertThat(stored).startsWith("sha256$").doesNotContain(TOKEN);
        assertThat(credentials.verify(ACCOUNT, TOKEN).block()).isTrue();
        assertThat(credentials.verify(OTHER_ACCOUNT, OTHER_TOKEN).block()).isTrue();
        assertThat(credentials.verify(ACCOUNT, OTHER_TOKEN).block()).isFalse();
        assertThat(credentials.verify("MANOSUCHACCOUNT00001", TOKEN).block()).isFalse();
    }

    @Test
    void seedingAgainChangesNothingAndANewTokenReplacesTheOld() {
        String id = "MASEEDTEST0000000001";
        credentials.seed(new SeededAccount(id, "first-token")).block();
        String stored = hashOf(id);

        credentials.seed(new SeededAccount(id, "first-token")).block();
        assertThat(hashOf(id)).isEqualTo(stored);

        credentials.seed(new SeededAccount(id, "rotated-token")).block();
        assertThat(credentials.verify(id, "rotated-token").block()).isTrue();
        assertThat(credentials.verify(id, "first-token").block()).isFalse();
        assertThat(count("SELECT count(*) FROM accounts WHERE auth_id = '" + id + "'")).isEqualTo(1);
    }

    private String hashOf(String authId) {
        return db.sql("SELECT token_hash FROM accounts WHERE auth_id = :id").bind("id", authId)
                .map(r -> r.get(0, String.class)).one().block();
    }
}
