package dev.veil.session.account;

import dev.veil.session.SessionProperties.SeededAccount;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Optional;

/**
 * The accounts table: checks API credentials, seeds main accounts from configuration, and creates, rotates and
 * disables accounts and subaccounts for the admin API. Authentication reads only the {@link TokenHash}; a copy
 * encrypted by {@link TokenCipher} is kept beside it for signing callbacks, written whenever the token is set and,
 * for an account whose token was set before encryption existed (or under a retired key), the next time the token
 * is seen in clear: at seeding or on a successful authentication.
 */
final class AccountCredentials {

    private final DatabaseClient db;
    private final TokenCipher cipher;

    AccountCredentials(DatabaseClient db, TokenCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    /**
     * The tenant these credentials authenticate; empty when the auth id is unknown, the token wrong, or the
     * account (or its main account) disabled.
     */
    Mono<Tenant> authenticate(String authId, String authToken) {
        return db.sql("""
                        SELECT a.token_hash, a.enabled AND COALESCE(m.enabled, true) AS enabled,
                               COALESCE(a.main_account_id, a.auth_id) AS main_account_id, a.token_key_id
                        FROM accounts a LEFT JOIN accounts m ON m.auth_id = a.main_account_id
                        WHERE a.auth_id = :id""")
                .bind("id", authId)
                .map(row -> new Stored(Objects.requireNonNull(row.get("token_hash", String.class)),
                        Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                        Objects.requireNonNull(row.get("main_account_id", String.class)),
                        row.get("token_key_id", String.class)))
                .one()
                .filter(stored -> TokenHash.matches(authToken, stored.tokenHash()) && stored.enabled())
                .flatMap(stored -> (cipher.activeKeyId().equals(stored.keyId()) ? Mono.<Void>empty()
                        : storeEncrypted(authId, authToken, stored.tokenHash()))
                        .thenReturn(new Tenant(authId, stored.mainAccountId())))
                .switchIfEmpty(Mono.defer(() -> {
                    // Hash anyway, so an unknown auth id is not told apart from a wrong token by the time taken.
                    TokenHash.matches(authToken, TokenHash.UNKNOWN_ACCOUNT);
                    return Mono.empty();
                }));
    }

    private record Stored(String tokenHash, boolean enabled, String mainAccountId, @Nullable String keyId) {
    }

    /**
     * Stores the encrypted copy of a token that has just been checked against {@code tokenHash}; a rotation that
     * replaced the hash meanwhile wins (nothing is written).
     */
    private Mono<Void> storeEncrypted(String authId, String token, String tokenHash) {
        return db.sql("""
                        UPDATE accounts SET token_ciphertext = :ciphertext, token_key_id = :key
                        WHERE auth_id = :id AND token_hash = :hash""")
                .bind("ciphertext", cipher.encrypt(authId, token)).bind("key", cipher.activeKeyId())
                .bind("id", authId).bind("hash", tokenHash)
                .then();
    }

    /** The account's auth token, decrypted; empty when the account is unknown or its token was never stored. */
    Mono<String> token(String authId) {
        return db.sql("SELECT token_ciphertext, token_key_id FROM accounts WHERE auth_id = :id")
                .bind("id", authId)
                .map(row -> Optional.ofNullable(row.get("token_key_id", String.class))
                        .map(keyId -> cipher.decrypt(authId, keyId,
                                Objects.requireNonNull(row.get("token_ciphertext", String.class)))))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /**
     * Creates the main account, or replaces its token hash when the configured token is no longer the stored one
     * (or its encrypted copy is missing or under another key than the active one). Running it again with the same
     * token changes nothing, so every replica may seed at start-up.
     *
     * @throws IllegalArgumentException when the auth id is not a main account id ({@code MA} + 18 characters)
     */
    Mono<Void> seed(SeededAccount account) {
        if (!AuthIds.isMainAccount(account.authId())) {
            return Mono.error(new IllegalArgumentException("veil.session.accounts: auth id " + account.authId()
                    + " is not a main account id (MA followed by 18 letters or digits)"));
        }
        Mono<Void> upsert = db.sql("""
                        INSERT INTO accounts (auth_id, token_hash, token_ciphertext, token_key_id)
                        VALUES (:id, :hash, :ciphertext, :key)
                        ON CONFLICT (auth_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
                            token_ciphertext = EXCLUDED.token_ciphertext, token_key_id = EXCLUDED.token_key_id""")
                .bind("id", account.authId()).bind("hash", TokenHash.of(account.authToken()))
                .bind("ciphertext", cipher.encrypt(account.authId(), account.authToken()))
                .bind("key", cipher.activeKeyId())
                .then();
        return stored(account.authId())
                .map(stored -> TokenHash.matches(account.authToken(), stored.hash())
                        && cipher.activeKeyId().equals(stored.keyId()))
                .defaultIfEmpty(false)
                .flatMap(upToDate -> upToDate ? Mono.<Void>empty() : upsert);
    }

    /** Creates an account (a subaccount of {@code mainAccountId} when it is not null) with a fresh token. */
    Mono<NewCredentials> create(@Nullable String mainAccountId) {
        String authId = mainAccountId == null ? AuthIds.newMainAccount() : AuthIds.newSubaccount();
        String token = AuthIds.newToken();
        var insert = db.sql("""
                        INSERT INTO accounts (auth_id, token_hash, main_account_id, token_ciphertext, token_key_id)
                        VALUES (:id, :hash, :main, :ciphertext, :key)""")
                .bind("id", authId).bind("hash", TokenHash.of(token))
                .bind("ciphertext", cipher.encrypt(authId, token)).bind("key", cipher.activeKeyId());
        insert = mainAccountId == null ? insert.bindNull("main", String.class) : insert.bind("main", mainAccountId);
        return insert.then().thenReturn(new NewCredentials(authId, token, mainAccountId));
    }

    /** Replaces the account's token with a fresh one; empty when the account does not exist. */
    Mono<NewCredentials> rotate(String authId) {
        String token = AuthIds.newToken();
        return db.sql("""
                        UPDATE accounts SET token_hash = :hash, token_ciphertext = :ciphertext, token_key_id = :key
                        WHERE auth_id = :id RETURNING main_account_id""")
                .bind("id", authId).bind("hash", TokenHash.of(token))
                .bind("ciphertext", cipher.encrypt(authId, token)).bind("key", cipher.activeKeyId())
                .map(row -> new NewCredentials(authId, token, row.get("main_account_id", String.class)))
                .one();
    }

    /** Disables the account (and so every subaccount of a main account); empty when it does not exist. */
    Mono<AccountInfo> disable(String authId) {
        return db.sql("UPDATE accounts SET enabled = false WHERE auth_id = :id RETURNING main_account_id, enabled")
                .bind("id", authId)
                .map(row -> new AccountInfo(authId, row.get("main_account_id", String.class), false))
                .one();
    }

    /** The account; empty when it does not exist. */
    Mono<AccountInfo> find(String authId) {
        return db.sql("SELECT main_account_id, enabled FROM accounts WHERE auth_id = :id")
                .bind("id", authId)
                .map(row -> new AccountInfo(authId, row.get("main_account_id", String.class),
                        Boolean.TRUE.equals(row.get("enabled", Boolean.class))))
                .one();
    }

    private Mono<StoredToken> stored(String authId) {
        return db.sql("SELECT token_hash, token_key_id FROM accounts WHERE auth_id = :id").bind("id", authId)
                .map(row -> new StoredToken(Objects.requireNonNull(row.get("token_hash", String.class)),
                        row.get("token_key_id", String.class)))
                .one();
    }

    private record StoredToken(String hash, @Nullable String keyId) {
    }

    /** An account's id and its new token, which is shown once and never stored in clear. */
    record NewCredentials(String authId, String authToken, @Nullable String mainAccountId) {

        @Override
        public String toString() {
            return "NewCredentials[authId=" + authId + ", authToken=***]";
        }
    }

    /** An account as the admin API shows it; {@code mainAccountId} is null for a main account. */
    record AccountInfo(String authId, @Nullable String mainAccountId, boolean enabled) {
    }
}
