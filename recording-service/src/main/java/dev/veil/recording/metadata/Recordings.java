package dev.veil.recording.metadata;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code recordings} and {@code recording_downloads} tables. Every state change is one conditional statement,
 * so a retried callback, a second replica or a restarted job finds the row already changed and does nothing more;
 * callers run these inside the transaction that also appends the change's event to the outbox.
 */
@Component
public class Recordings {

    private static final String COLUMNS = """
            recording_id, session_uuid, account_id, call_uuid, format, status, duration_ms, recording_start,
            recording_end, record_url, storage_path, size_bytes, sha256, stored_at""";

    private static final String FILTER = """
            account_id = :account AND status = 'completed'
            AND (CAST(:session AS text) IS NULL OR session_uuid = :session)
            AND (CAST(:call AS text) IS NULL OR call_uuid = :call)""";
    /** The columns of {@link #COLUMNS} qualified by the table, for statements joining another relation. */
    private static final String QUALIFIED_COLUMNS = String.join(", ", Arrays.stream(COLUMNS.split(","))
            .map(c -> "recordings." + c.trim()).toList());

    /** Class id of the per-session advisory locks between recording callbacks and erasure. */
    private static final int SESSION_LOCK_CLASS = 7_007;

    private final DatabaseClient db;

    Recordings(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records that the carrier started recording; emits true when this is news (no row had this id), false for a
     * repeated or late callback.
     */
    public Mono<Boolean> started(String recordingId, String sessionUuid, String accountId, String callUuid,
            String format, Instant startedAt, String recordUrl) {
        return db.sql("""
                        INSERT INTO recordings (recording_id, session_uuid, account_id, call_uuid, format, status,
                                                recording_start, record_url)
                        VALUES (:id, :session, :account, :call, :format, 'in_progress', :start, :url)
                        ON CONFLICT (recording_id) DO NOTHING""")
                .bind("id", recordingId).bind("session", sessionUuid).bind("account", accountId)
                .bind("call", callUuid).bind("format", format).bind("start", at(startedAt)).bind("url", recordUrl)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Records the carrier's report of a finished recording and schedules its media's download. Emits
     * {@code Optional.of(true)} when the row is new (the started callback never came), {@code Optional.of(false)}
     * when a started recording was updated, and empty when the recording had already been reported finished (a
     * repeated callback), which changes nothing.
     */
    public Mono<Optional<Boolean>> finished(String recordingId, String sessionUuid, String accountId,
            String callUuid, String format, long durationMs, Instant start, Instant end, String recordUrl,
            Instant now) {
        return db.sql("""
                        INSERT INTO recordings (recording_id, session_uuid, account_id, call_uuid, format, status,
                                                duration_ms, recording_start, recording_end, record_url)
                        VALUES (:id, :session, :account, :call, :format, 'in_progress', :duration, :start, :end,
                                :url)
                        ON CONFLICT (recording_id) DO UPDATE
                            SET format = EXCLUDED.format, duration_ms = EXCLUDED.duration_ms,
                                recording_start = EXCLUDED.recording_start, recording_end = EXCLUDED.recording_end,
                                record_url = EXCLUDED.record_url
                            WHERE recordings.duration_ms IS NULL AND recordings.status = 'in_progress'
                        RETURNING (xmax = 0) AS inserted""")
                .bind("id", recordingId).bind("session", sessionUuid).bind("account", accountId)
                .bind("call", callUuid).bind("format", format).bind("duration", durationMs)
                .bind("start", at(start)).bind("end", at(end)).bind("url", recordUrl)
                .map(row -> Boolean.TRUE.equals(row.get("inserted", Boolean.class)))
                .one()
                .flatMap(inserted -> db.sql("""
                                INSERT INTO recording_downloads (recording_id, next_attempt_at) VALUES (:id, :now)
                                ON CONFLICT (recording_id) DO NOTHING""")
                        .bind("id", recordingId).bind("now", at(now))
                        .then().thenReturn(Optional.of(inserted)))
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Takes up to {@code limit} due downloads for this replica for {@code lease}: rows another replica holds (by
     * lease or row lock) are skipped, and a crashed replica's rows come due again when its lease runs out.
     */
    public Flux<DueDownload> claimDueDownloads(Instant now, Duration lease, int limit) {
        return db.sql("""
                        WITH due AS (
                            SELECT recording_id FROM recording_downloads
                            WHERE next_attempt_at <= :now AND (leased_until IS NULL OR leased_until <= :now)
                            ORDER BY next_attempt_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        UPDATE recording_downloads d SET leased_until = :until
                        FROM due, recordings r
                        WHERE d.recording_id = due.recording_id AND r.recording_id = d.recording_id
                        RETURNING d.attempts, r.recording_id, r.session_uuid, r.account_id, r.call_uuid, r.format,
                                  r.status, r.duration_ms, r.recording_start, r.recording_end, r.record_url,
                                  r.storage_path, r.size_bytes, r.sha256, r.stored_at""")
                .bind("now", at(now)).bind("until", at(now.plus(lease))).bind("limit", limit)
                .map(row -> new DueDownload(recording(row), row.get("attempts", Integer.class)))
                .all();
    }

    /**
     * The media is stored: the recording is completed and its download done. Emits false (and changes nothing)
     * when the recording is no longer in progress.
     */
    public Mono<Boolean> completed(String recordingId, String storagePath, long sizeBytes, String sha256,
            Instant storedAt) {
        return db.sql("""
                        UPDATE recordings SET status = 'completed', storage_path = :path, size_bytes = :size,
                                              sha256 = :sha256, stored_at = :at
                        WHERE recording_id = :id AND status = 'in_progress'""")
                .bind("id", recordingId).bind("path", storagePath).bind("size", sizeBytes).bind("sha256", sha256)
                .bind("at", at(storedAt))
                .fetch().rowsUpdated()
                .flatMap(n -> deleteDownload(recordingId).thenReturn(n > 0));
    }

    /** A try failed and another is due at {@code nextAttemptAt}. */
    public Mono<Void> retryLater(String recordingId, int attempts, Instant nextAttemptAt, String error) {
        return db.sql("""
                        UPDATE recording_downloads SET attempts = :attempts, next_attempt_at = :next,
                                                       leased_until = NULL, last_error = :error
                        WHERE recording_id = :id""")
                .bind("id", recordingId).bind("attempts", attempts).bind("next", at(nextAttemptAt))
                .bind("error", error)
                .then();
    }

    /**
     * The last try failed: the recording is failed and its download done. Emits false (and changes nothing) when
     * the recording is no longer in progress.
     */
    public Mono<Boolean> failed(String recordingId, String reason) {
        return db.sql("""
                        UPDATE recordings SET status = 'failed', failure_reason = :reason
                        WHERE recording_id = :id AND status = 'in_progress'""")
                .bind("id", recordingId).bind("reason", reason)
                .fetch().rowsUpdated()
                .flatMap(n -> deleteDownload(recordingId).thenReturn(n > 0));
    }

    private Mono<Void> deleteDownload(String recordingId) {
        return db.sql("DELETE FROM recording_downloads WHERE recording_id = :id").bind("id", recordingId).then();
    }

    /** A stored recording of the account, if there is one with this id. */
    public Mono<Recording> findStored(String accountId, String recordingId) {
        return db.sql("SELECT " + COLUMNS + """
                         FROM recordings
                        WHERE account_id = :account AND recording_id = :id AND status = 'completed'""")
                .bind("account", accountId).bind("id", recordingId)
                .map(Recordings::recording).one();
    }

    /** A page of the account's stored recordings, newest first, optionally of one session and/or call. */
    public Flux<Recording> listStored(String accountId, @Nullable String sessionUuid, @Nullable String callUuid,
            int limit, long offset) {
        return filtered(db.sql("SELECT " + COLUMNS + " FROM recordings WHERE " + FILTER + """
                         ORDER BY recording_start DESC NULLS LAST, recording_id
                        LIMIT :limit OFFSET :offset"""), accountId, sessionUuid, callUuid)
                .bind("limit", limit).bind("offset", offset)
                .map(Recordings::recording).all();
    }

    /** How many stored recordings {@link #listStored} pages through. */
    public Mono<Long> countStored(String accountId, @Nullable String sessionUuid, @Nullable String callUuid) {
        return filtered(db.sql("SELECT count(*) FROM recordings WHERE " + FILTER), accountId, sessionUuid, callUuid)
                .map(row -> row.get(0, Long.class)).one();
    }

    private static DatabaseClient.GenericExecuteSpec filtered(DatabaseClient.GenericExecuteSpec sql, String account,
            @Nullable String session, @Nullable String call) {
        sql = sql.bind("account", account);
        sql = session == null ? sql.bindNull("session", String.class) : sql.bind("session", session);
        return call == null ? sql.bindNull("call", String.class) : sql.bind("call", call);
    }

    /**
     * Marks a stored recording of the account deleted; emits it (with the storage path of the media still to
     * remove) when it was stored, nothing when there is no such stored recording.
     */
    public Mono<Recording> markDeleted(String accountId, String recordingId, String reason, Instant at) {
        return db.sql("""
                        UPDATE recordings SET status = 'deleted', delete_reason = :reason, deleted_at = :at
                        WHERE account_id = :account AND recording_id = :id AND status = 'completed'
                        RETURNING\s""" + COLUMNS)
                .bind("account", accountId).bind("id", recordingId).bind("reason", reason).bind("at", at(at))
                .map(Recordings::recording).one();
    }

    /**
     * Marks up to {@code limit} stored recordings deleted (reason {@code retention}) whose recording ended more
     * than their account's retention before {@code now}: {@code accountDays} gives the days of each account with
     * its own retention, {@code defaultDays} those of every other account. Emits the recordings marked.
     */
    public Flux<Recording> markExpired(Map<String, Integer> accountDays, int defaultDays, Instant now, int limit) {
        return db.sql("""
                        WITH own (account_id, days) AS (
                            SELECT * FROM unnest(CAST(:accounts AS text[]), CAST(:days AS int[]))),
                        expired AS (
                            SELECT r.recording_id FROM recordings r LEFT JOIN own ON own.account_id = r.account_id
                            WHERE r.status = 'completed'
                              AND r.recording_end < CAST(:now AS timestamptz)
                                                    - make_interval(days => COALESCE(own.days, :default_days))
                            ORDER BY r.recording_end
                            LIMIT :limit
                            FOR UPDATE OF r SKIP LOCKED)
                        UPDATE recordings SET status = 'deleted', delete_reason = 'retention', deleted_at = :now
                        FROM expired WHERE recordings.recording_id = expired.recording_id
                        RETURNING\s""" + QUALIFIED_COLUMNS)
                .bind("accounts", accountDays.keySet().toArray(String[]::new))
                .bind("days", accountDays.values().toArray(Integer[]::new))
                .bind("default_days", defaultDays).bind("now", at(now)).bind("limit", limit)
                .map(Recordings::recording).all();
    }

    /**
     * Erases a session's recordings: remembers the session as erased (see {@link #erased}), drops its pending
     * downloads and the carrier's media URLs, and marks every recording of it not yet deleted {@code deleted}
     * (reason {@code erasure}). Emits the recordings marked, with the storage paths of the media still to remove;
     * nothing when they were all deleted already (a redelivered erasure).
     */
    public Flux<Recording> markErased(String sessionUuid, Instant at) {
        return lockSession(sessionUuid, "pg_advisory_xact_lock")
                .then(db.sql("""
                        INSERT INTO erased_sessions (session_uuid, erased_at) VALUES (:session, :at)
                        ON CONFLICT (session_uuid) DO NOTHING""")
                .bind("session", sessionUuid).bind("at", at(at)).then())
                .then(db.sql("""
                                DELETE FROM recording_downloads
                                WHERE recording_id IN (SELECT recording_id FROM recordings
                                                       WHERE session_uuid = :session)""")
                        .bind("session", sessionUuid).then())
                .then(db.sql("""
                                UPDATE recordings SET record_url = NULL
                                WHERE session_uuid = :session AND record_url IS NOT NULL""")
                        .bind("session", sessionUuid).then())
                .thenMany(db.sql("""
                                UPDATE recordings SET status = 'deleted', delete_reason = 'erasure', deleted_at = :at
                                WHERE session_uuid = :session AND status <> 'deleted'
                                RETURNING\s""" + COLUMNS)
                        .bind("session", sessionUuid).bind("at", at(at))
                        .map(Recordings::recording).all());
    }

    /**
     * Whether the session's recordings were erased, so nothing more of it may be stored. Holds the session's
     * erasure off until the caller's transaction ends: a recording stored by that transaction is there for the
     * erasure to delete, and an erasure committed before it is seen. Call it in the transaction that stores.
     */
    public Mono<Boolean> erased(String sessionUuid) {
        // The check is a statement of its own, after the lock: its snapshot then includes a just-committed erasure.
        return lockSession(sessionUuid, "pg_advisory_xact_lock_shared")
                .then(db.sql("SELECT EXISTS (SELECT 1 FROM erased_sessions WHERE session_uuid = :session)")
                        .bind("session", sessionUuid)
                        .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one());
    }

    /**
     * Takes the session's transaction-scoped advisory lock: shared by recording callbacks (they may run together),
     * exclusive for its erasure. Keyed by a class id of this table's own and the session uuid's hash; a hash
     * collision only makes two sessions wait for each other.
     */
    private Mono<Void> lockSession(String sessionUuid, String function) {
        return db.sql("SELECT " + function + "(" + SESSION_LOCK_CLASS + ", hashtext(:session))")
                .bind("session", sessionUuid).then();
    }

    /** Deleted recordings whose media file is still to be removed (a crash between commit and removal). */
    public Flux<Recording> unswept(int limit) {
        return db.sql("SELECT " + COLUMNS + """
                         FROM recordings
                        WHERE status = 'deleted' AND storage_path IS NOT NULL
                        LIMIT :limit""")
                .bind("limit", limit)
                .map(Recordings::recording).all();
    }

    /** The deleted recording's media is gone from the store. */
    public Mono<Void> swept(String recordingId) {
        return db.sql("UPDATE recordings SET storage_path = NULL WHERE recording_id = :id AND status = 'deleted'")
                .bind("id", recordingId).then();
    }

    /** Count and total size of the stored recordings. */
    public Mono<StoredTotals> storedTotals() {
        return db.sql("""
                        SELECT count(*) AS recordings, COALESCE(sum(size_bytes), 0) AS bytes
                        FROM recordings WHERE status = 'completed'""")
                .map(row -> new StoredTotals(row.get("recordings", Long.class),
                        row.get("bytes", BigDecimal.class).longValueExact()))
                .one();
    }

    /** A due download and how many tries it already had. */
    public record DueDownload(Recording recording, int attempts) {
    }

    /** What the store holds: stored recordings and their bytes. */
    public record StoredTotals(long recordings, long bytes) {
    }

    private static Recording recording(Readable row) {
        return new Recording(
                row.get("recording_id", String.class),
                row.get("session_uuid", String.class),
                row.get("account_id", String.class),
                row.get("call_uuid", String.class),
                row.get("format", String.class),
                RecordingStatus.of(row.get("status", String.class)),
                row.get("duration_ms", Long.class),
                instant(row.get("recording_start", OffsetDateTime.class)),
                instant(row.get("recording_end", OffsetDateTime.class)),
                row.get("record_url", String.class),
                row.get("storage_path", String.class),
                row.get("size_bytes", Long.class),
                row.get("sha256", String.class),
                instant(row.get("stored_at", OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
