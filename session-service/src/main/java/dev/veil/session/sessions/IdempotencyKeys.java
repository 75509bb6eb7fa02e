package dev.veil.session.sessions;

import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.FieldCipher;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.UUID;

/**
 * The responses of creates made with an {@code Idempotency-Key}, per account and key. The response holds the
 * parties' numbers and the request hash could be matched against guessed bodies, so both are stored sealed with the
 * data key ({@link #REQUEST_HASH}, {@link #RESPONSE}); rows are found by account and key only.
 */
public final class IdempotencyKeys {

    public static final EncryptedColumn REQUEST_HASH = new EncryptedColumn("idempotency_keys", "request_hash");
    public static final EncryptedColumn RESPONSE = new EncryptedColumn("idempotency_keys", "response");

    private final DatabaseClient db;
    private final FieldCipher cipher;

    public IdempotencyKeys(DatabaseClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    /** The response stored for this account's key, or empty when the key is new. */
    public Mono<StoredResponse> find(String accountId, String key) {
        return db.sql("""
                        SELECT request_hash, session_uuid, status, response FROM idempotency_keys
                        WHERE account_id = :account AND idempotency_key = :key""")
                .bind("account", accountId).bind("key", key)
                .map(row -> new StoredResponse(key,
                        Objects.requireNonNull(REQUEST_HASH.open(cipher, row.get("request_hash", String.class))),
                        Objects.requireNonNull(row.get("session_uuid", UUID.class)),
                        Objects.requireNonNull(row.get("status", Integer.class)),
                        Objects.requireNonNull(RESPONSE.open(cipher, row.get("response", String.class)))))
                .one();
    }

    /**
     * Claims the key for this response; emits false when another request claimed it first. Inside a transaction,
     * a concurrent claim of the same key waits for this one's outcome, so exactly one of them wins.
     */
    Mono<Boolean> claim(String accountId, StoredResponse response) {
        return db.sql("""
                        INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, session_uuid, status,
                                                      response)
                        VALUES (:account, :key, :hash, :session, :status, :response)
                        ON CONFLICT (account_id, idempotency_key) DO NOTHING""")
                .bind("account", accountId).bind("key", response.key())
                .bind("hash", REQUEST_HASH.seal(cipher, response.requestHash()))
                .bind("session", response.sessionUuid()).bind("status", response.status())
                .bind("response", RESPONSE.seal(cipher, response.body()))
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }
}
