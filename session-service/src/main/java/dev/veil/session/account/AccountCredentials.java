package dev.veil.session.account;

import dev.veil.session.SessionProperties.SeededAccount;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The accounts table: checks API credentials and seeds accounts from configuration. */
final class AccountCredentials {

    private final DatabaseClient db;

    AccountCredentials(DatabaseClient db) {
        this.db = db;
    }

    /** Whether {@code authToken} is the token of account {@code authId}; false for an unknown account. */
    Mono<Boolean> verify(String authId, String authToken) {
        return storedHash(authId)
                .map(stored -> TokenHash.matches(authToken, stored))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    // Hash anyway, so an unknown auth id is not told apart from a wrong token by the time taken.
                    TokenHash.matches(authToken, TokenHash.UNKNOWN_ACCOUNT);
                    return false;
                }));
    }

    /**
     * Creates the account, or replaces its token hash when the configured token is no longer the stored one.
     * Running it again with the same token changes nothing, so every replica may seed at start-up.
     */
    Mono<Void> seed(SeededAccount account) {
        Mono<Void> upsert = db.sql("""
                        INSERT INTO accounts (auth_id, token_hash) VALUES (:id, :hash)
                        ON CONFLICT (auth_id) DO UPDATE SET token_hash = EXCLUDED.token_hash""")
                .bind("id", account.authId()).bind("hash", TokenHash.of(account.authToken()))
                .then();
        return storedHash(account.authId())
                .map(stored -> TokenHash.matches(account.authToken(), stored))
                .defaultIfEmpty(false)
                .flatMap(upToDate -> upToDate ? Mono.<Void>empty() : upsert);
    }

    private Mono<String> storedHash(String authId) {
        return db.sql("SELECT token_hash FROM accounts WHERE auth_id = :id").bind("id", authId)
                .map(row -> row.get("token_hash", String.class)).one();
    }
}
