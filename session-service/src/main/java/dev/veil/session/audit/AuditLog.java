package dev.veil.session.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes and reads the {@code audit_log} table. {@link #record} joins the caller's transaction, so an action and its
 * entry commit together or not at all. Details hold ids and counts only: callers never pass a secret or a number.
 */
public final class AuditLog {

    /** Actions written to the log. */
    public static final String ACCOUNT_CREATE = "account.create";
    public static final String SUBACCOUNT_CREATE = "subaccount.create";
    public static final String TOKEN_ROTATE = "account.token_rotate";
    public static final String ACCOUNT_DISABLE = "account.disable";
    public static final String LIMITS_CHANGE = "account.limits_change";
    public static final String ERASURE = "erasure";

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends an entry; run it inside the transaction of the action.
     *
     * @param actor         who acted: the admin user name, or the account's auth id
     * @param targetAccount the account acted on; null when none
     * @param details       ids and counts, never a secret or a phone number
     */
    public Mono<Void> record(String actor, String action, @Nullable String targetAccount, Map<String, ?> details) {
        var insert = db.sql("""
                        INSERT INTO audit_log (occurred_at, actor, action, target_account, details)
                        VALUES (:at, :actor, :action, :target, CAST(:details AS jsonb))""")
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .bind("actor", actor).bind("action", action)
                .bind("details", json.writeValueAsString(details));
        return (targetAccount == null ? insert.bindNull("target", String.class) : insert.bind("target", targetAccount))
                .then();
    }

    /** A page of entries, newest first. */
    Mono<List<Entry>> list(int limit, long offset) {
        return db.sql("""
                        SELECT id, occurred_at, actor, action, target_account, details::text AS details
                        FROM audit_log ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .bind("limit", limit).bind("offset", offset)
                .map(row -> new Entry(
                        Objects.requireNonNull(row.get("id", Long.class)),
                        Objects.requireNonNull(row.get("occurred_at", OffsetDateTime.class)).toInstant(),
                        Objects.requireNonNull(row.get("actor", String.class)),
                        Objects.requireNonNull(row.get("action", String.class)),
                        row.get("target_account", String.class),
                        json.readTree(Objects.requireNonNull(row.get("details", String.class)))))
                .all().collectList();
    }

    /** One entry of the log. */
    record Entry(long id, Instant time, String actor, String action, @Nullable String targetAccount,
            JsonNode details) {
    }
}
