package dev.veil.session.sessions;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/** Reads and writes the sessions table (and reads interactions, which the event consumers write). */
public final class SessionRepository {

    private final DatabaseClient db;

    public SessionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts a new session; run it inside the transaction that appends its {@code SessionCreated}. */
    Mono<Void> insert(Session s) {
        return db.sql("""
                        INSERT INTO sessions (session_uuid, account_id, first_party, second_party, virtual_number,
                            status, geomatch, call_time_limit, ring_timeout, record, record_file_format,
                            callback_url, callback_method, recording_callback_url, recording_callback_method,
                            created_time, modified_time, expiry_time)
                        VALUES (:uuid, :account, :first, :second, :vn, :status, :geomatch, :timeLimit, :ringTimeout,
                            :record, :format, :callbackUrl, :callbackMethod, :recordingUrl, :recordingMethod,
                            :created, :modified, :expiry)""")
                .bind("uuid", s.sessionUuid())
                .bind("account", s.accountId())
                .bind("first", s.firstParty())
                .bind("second", s.secondParty())
                .bind("vn", s.virtualNumber())
                .bind("status", s.status().wireName())
                .bind("geomatch", s.geomatch())
                .bind("timeLimit", s.callTimeLimit())
                .bind("ringTimeout", s.ringTimeout())
                .bind("record", s.record())
                .bind("format", s.recordFileFormat())
                .bind("callbackUrl", s.callbackUrl())
                .bind("callbackMethod", s.callbackMethod())
                .bind("recordingUrl", s.recordingCallbackUrl())
                .bind("recordingMethod", s.recordingCallbackMethod())
                .bind("created", utc(s.createdTime()))
                .bind("modified", utc(s.modifiedTime()))
                .bind("expiry", utc(s.expiryTime()))
                .then();
    }

    /** The account's session with this uuid; empty when there is none or it belongs to another account. */
    public Mono<Session> find(UUID sessionUuid, String accountId) {
        return db.sql("SELECT * FROM sessions WHERE session_uuid = :uuid AND account_id = :account")
                .bind("uuid", sessionUuid).bind("account", accountId)
                .map(SessionRepository::session).one();
    }

    /** The session's interactions, oldest first (an interaction known only from billing so far comes last). */
    public Flux<Interaction> interactions(UUID sessionUuid) {
        return db.sql("""
                        SELECT * FROM interactions WHERE session_uuid = :uuid
                        ORDER BY start_time NULLS LAST, call_uuid""")
                .bind("uuid", sessionUuid)
                .map(SessionRepository::interaction).all();
    }

    /**
     * The live session on {@code virtualNumber} in which {@code caller} is a party. The allocation rule makes it
     * unique; should two ever match, the newest wins.
     */
    public Mono<Session> findLive(String virtualNumber, String caller, Instant now) {
        return db.sql("""
                        SELECT * FROM sessions
                        WHERE virtual_number = :vn AND status <> 'expired' AND expiry_time > :now
                          AND (first_party = :caller OR second_party = :caller)
                        ORDER BY created_time DESC LIMIT 1""")
                .bind("vn", virtualNumber).bind("caller", caller).bind("now", utc(now))
                .map(SessionRepository::session).one();
    }

    /**
     * Marks the longest-overdue session expired and emits it, or emits nothing when none is due. A due session
     * another transaction holds is skipped rather than waited for, so replicas expire different sessions.
     */
    public Mono<Session> expireNextDue(Instant now) {
        return db.sql("""
                        UPDATE sessions SET status = 'expired'
                        WHERE session_uuid = (
                            SELECT session_uuid FROM sessions
                            WHERE status <> 'expired' AND expiry_time <= :now
                            ORDER BY expiry_time LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", utc(now))
                .map(SessionRepository::session).one();
    }

    static Session session(Readable row) {
        return new Session(
                require(row, "session_uuid", UUID.class),
                require(row, "account_id", String.class),
                require(row, "first_party", String.class),
                require(row, "second_party", String.class),
                require(row, "virtual_number", String.class),
                SessionStatus.fromWireName(require(row, "status", String.class)),
                require(row, "geomatch", Boolean.class),
                require(row, "call_time_limit", Integer.class),
                require(row, "ring_timeout", Integer.class),
                require(row, "record", Boolean.class),
                require(row, "record_file_format", String.class),
                require(row, "callback_url", String.class),
                require(row, "callback_method", String.class),
                require(row, "recording_callback_url", String.class),
                require(row, "recording_callback_method", String.class),
                require(row, "created_time", OffsetDateTime.class).toInstant(),
                require(row, "modified_time", OffsetDateTime.class).toInstant(),
                require(row, "expiry_time", OffsetDateTime.class).toInstant(),
                require(row, "total_call_count", Integer.class),
                require(row, "total_call_amount", BigDecimal.class),
                require(row, "total_call_billed_duration", Long.class),
                instant(row.get("last_interaction_time", OffsetDateTime.class)));
    }

    private static Interaction interaction(Readable row) {
        return new Interaction(
                require(row, "call_uuid", String.class),
                instant(row.get("start_time", OffsetDateTime.class)),
                instant(row.get("end_time", OffsetDateTime.class)),
                row.get("duration", Integer.class),
                require(row, "total_call_amount", BigDecimal.class),
                require(row, "call_billed_duration", Integer.class),
                require(row, "total_call_count", Integer.class));
    }

    private static <T> T require(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
