package dev.veil.recording.unreported;

import dev.veil.events.SessionState;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The {@code recorded_sessions} (sessions whose calls are recorded, from the session topic) and
 * {@code expected_recordings} (answered calls of those sessions awaiting their recording) tables. Every change is
 * one statement that a redelivered event repeats harmlessly.
 */
@Component
public class RecordedCalls {

    private final DatabaseClient db;

    RecordedCalls(DatabaseClient db) {
        this.db = db;
    }

    /** A session was created or changed: its calls are expected to have recordings exactly when it records. */
    public Mono<Void> sessionChanged(String sessionUuid, SessionState state) {
        if (!state.record()) {
            return db.sql("DELETE FROM recorded_sessions WHERE session_uuid = :session")
                    .bind("session", sessionUuid).then();
        }
        return db.sql("""
                        INSERT INTO recorded_sessions (session_uuid, account_id) VALUES (:session, :account)
                        ON CONFLICT (session_uuid) DO UPDATE SET account_id = EXCLUDED.account_id""")
                .bind("session", sessionUuid).bind("account", state.accountId()).then();
    }

    /** A session expired; a call still under way may end (and be expected to have a recording) after this. */
    public Mono<Void> sessionExpired(String sessionUuid, Instant at) {
        return db.sql("UPDATE recorded_sessions SET expired_at = :at WHERE session_uuid = :session")
                .bind("session", sessionUuid).bind("at", at(at)).then();
    }

    /** A session was erased: nothing more is expected of it (its recordings are gone, and later ones dropped). */
    public Mono<Void> sessionErased(String sessionUuid) {
        return db.sql("DELETE FROM expected_recordings WHERE session_uuid = :session")
                .bind("session", sessionUuid).then()
                .then(db.sql("DELETE FROM recorded_sessions WHERE session_uuid = :session")
                        .bind("session", sessionUuid).then());
    }

    /**
     * An answered call ended: when its session records, its recording is expected by {@code dueAt}. Emits whether
     * the call is now expected (false for a session that does not record, or a call already expected).
     */
    Mono<Boolean> callEnded(String sessionUuid, String callUuid, Instant dueAt) {
        return db.sql("""
                        INSERT INTO expected_recordings (call_uuid, session_uuid, account_id, due_at)
                        SELECT :call, session_uuid, account_id, :due FROM recorded_sessions
                        WHERE session_uuid = :session
                        ON CONFLICT (call_uuid) DO NOTHING""")
                .bind("call", callUuid).bind("session", sessionUuid).bind("due", at(dueAt))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Takes up to {@code limit} expected calls whose grace period ended by {@code now} (deleting their rows; rows a
     * concurrent run holds are skipped) and tells for each whether a recording of it was reported. Run it in the
     * transaction that publishes the failures, so a crash takes nothing without its event.
     */
    Flux<DueCall> takeDue(Instant now, int limit) {
        return db.sql("""
                        DELETE FROM expected_recordings e
                        WHERE e.call_uuid IN (SELECT call_uuid FROM expected_recordings WHERE due_at <= :now
                                              ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING e.call_uuid, e.session_uuid, e.account_id,
                                  EXISTS (SELECT 1 FROM recordings r WHERE r.call_uuid = e.call_uuid) AS reported""")
                .bind("now", at(now)).bind("limit", limit)
                .map(row -> new DueCall(row.get("call_uuid", String.class), row.get("session_uuid", String.class),
                        row.get("account_id", String.class), Boolean.TRUE.equals(row.get("reported", Boolean.class))))
                .all();
    }

    /** Forgets recorded sessions that expired before {@code before}: no call of theirs can still end. */
    Mono<Long> forgetExpiredSessions(Instant before) {
        return db.sql("DELETE FROM recorded_sessions WHERE expired_at < :before")
                .bind("before", at(before)).fetch().rowsUpdated();
    }

    /** An expected call whose grace period ended, and whether its recording was reported. */
    record DueCall(String callUuid, String sessionUuid, String accountId, boolean reported) {
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
