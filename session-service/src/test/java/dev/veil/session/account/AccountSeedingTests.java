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
        assertThat(credentials.authenticate(ACCOUNT, TOKEN).blockOptional()).isPresent();
        assertThat(credentials.authenticate(OTHER_ACCOUNT, OTHER_TOKEN).blockOptional()).isPresent();
        assertThat(credentials.authenticate(ACCOUNT, OTHER_TOKEN).blockOptional()).isEmpty();
        assertThat(credentials.authenticate("MANOSUCHACCOUNT00001", TOKEN).blockOptional()).isEmpty();
    }

    @Test
    void seedingAgainChangesNothingAndANewTokenReplacesTheOld() {
        String id = "MASEEDTEST0000000001";
        credentials.seed(new SeededAccount(id, "first-token")).block();
        String stored = hashOf(id);

        credentials.seed(new SeededAccount(id, "first-token")).block();
        assertThat(hashOf(id)).isEqualTo(stored);

        credentials.seed(new SeededAccount(id, "rotated-token")).block();
        assertThat(credentials.authenticate(id, "rotated-token").blockOptional()).isPresent();
        assertThat(credentials.authenticate(id, "first-token").blockOptional()).isEmpty();
        assertThat(count("SELECT count(*) FROM accounts WHERE auth_id = '" + id + "'")).isEqualTo(1);
    }

    private String hashOf(String authId) {
        return db.sql("SELECT token_hash FROM accounts WHERE auth_id = :id").bind("id", authId)
                .map(r -> r.get(0, String.class)).one().block();
    }
}
