package dev.veil.session.sessions;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.UUID;

/** The responses of creates made with an {@code Idempotency-Key}, per account and key. */
public final class IdempotencyKeys {

    private final DatabaseClient db;

    public IdempotencyKeys(DatabaseClient db) {
        this.db = db;
    }

    /** The response stored for this account's key, or empty when the key is new. */
    public Mono<StoredResponse> find(String accountId, String key) {
        return db.sql("""
                        SELECT request_hash, session_uuid, status, response FROM idempotency_keys
                        WHERE account_id = :account AND idempotency_key = :key""")
                .bind("account", accountId).bind("key", key)
                .map(row -> new StoredResponse(key,
                        Objects.requireNonNull(row.get("request_hash", String.class)),
                        Objects.requireNonNull(row.get("session_uuid", UUID.class)),
                        Objects.requireNonNull(row.get("status", Integer.class)),
                        Objects.requireNonNull(row.get("response", String.class))))
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
                .bind("hash", response.requestHash()).bind("session", response.sessionUuid())
                .bind("status", response.status()).bind("response", response.body())
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }
}
