package dev.veil.router.call;

import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.FieldCipher;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The {@code webhook_log} table: each carrier report recorded once per (A-leg call uuid, kind), with what Veil read
 * from it and answered (the detail). The uniqueness of that pair is what makes every webhook idempotent; nothing
 * checks before inserting. Also the {@code last_caller} of single-party sessions.
 *
 * <p>Only what is needed is kept: not the parameters as posted (the carrier's From, To, typed digits), only the
 * detail a retried webhook is answered from and a call's end is built from. It can hold a real number (the party
 * dialled), so it is sealed with the service's data key ({@link #DETAIL}), like the last caller
 * ({@link #LAST_CALLER}); what the queries select on is written beside it in clear and holds no number: whether the
 * answer bridged the call, whether it hangs up, and the session. An erased session's details are set to NULL.
 */
final class WebhookLog {

    /** What Veil read from them and answered, JSON, sealed. */
    static final EncryptedColumn DETAIL = new EncryptedColumn("webhook_log", "detail");
    /** A single-party session's last caller, E.164, sealed. */
    static final EncryptedColumn LAST_CALLER = new EncryptedColumn("last_caller", "caller");

    private static final List<String> DIAL_KINDS = List.of(WebhookKind.DIAL_ANSWER.logName(),
            WebhookKind.DIAL_HANGUP.logName(), WebhookKind.DIAL_STATUS.logName());

    private final DatabaseClient db;
    private final FieldCipher cipher;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    WebhookLog(DatabaseClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    /** Records a report; emits whether it is new (false: this call already had a report of this kind). */
    Mono<Boolean> record(String callUuid, WebhookKind kind, Object detail, Instant receivedAt) {
        return record(callUuid, kind.logName(), detail, receivedAt);
    }

    /** Records a report under a kind name such as {@code pin_2}; emits whether it is new. */
    Mono<Boolean> record(String callUuid, String kind, Object detail, Instant receivedAt) {
        CallStep step = detail instanceof CallStep s ? s : null;
        String session = step == null ? null : sessionOf(step);
        return db.sql("""
                        INSERT INTO webhook_log (call_uuid, kind, detail, received_at, bridged, hangs_up, session_uuid)
                        VALUES (:call, :kind, :detail, :at, :bridged, :hangsUp, :session)
                        ON CONFLICT (call_uuid, kind) DO NOTHING""")
                .bind("call", callUuid)
                .bind("kind", kind)
                .bind("detail", sealDetail(detail))
                .bind("at", OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC))
                .bind("bridged", step != null && step.connected() != null)
                .bind("hangsUp", step != null && hangsUp(step))
                .bind("session", Parameter.fromOrEmpty(session, String.class))
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    /** Replaces what was recorded for a call's step of this kind (a PIN try that turned out to start a block). */
    Mono<Void> replace(String callUuid, String kind, CallStep step) {
        return db.sql("""
                        UPDATE webhook_log SET detail = :detail, hangs_up = :hangsUp, bridged = :bridged
                        WHERE call_uuid = :call AND kind = :kind""")
                .bind("detail", sealDetail(step))
                .bind("hangsUp", hangsUp(step))
                .bind("bridged", step.connected() != null)
                .bind("call", callUuid)
                .bind("kind", kind)
                .fetch().rowsUpdated().then();
    }

    /**
     * Records a batch of reports in one statement; emits the {@code call_uuid + '|' + kind} of those that are new
     * (the others were recorded before: a retried webhook, or a hangup that recorded the answer itself).
     */
    Flux<String> recordAll(List<AnswerJournal.Pending> reports) {
        int n = reports.size();
        String[] calls = new String[n];
        String[] kinds = new String[n];
        String[] details = new String[n];
        String[] times = new String[n];
        Boolean[] bridged = new Boolean[n];
        Boolean[] hangsUp = new Boolean[n];
        String[] sessions = new String[n];
        for (int i = 0; i < n; i++) {
            AnswerJournal.Pending report = reports.get(i);
            calls[i] = report.callUuid();
            kinds[i] = report.kind();
            details[i] = sealDetail(report.step());
            times[i] = report.receivedAt().toString();
            bridged[i] = report.step().connected() != null;
            hangsUp[i] = hangsUp(report.step());
            sessions[i] = sessionOf(report.step());
        }
        return db.sql("""
                        INSERT INTO webhook_log (call_uuid, kind, detail, received_at, bridged, hangs_up, session_uuid)
                        SELECT * FROM unnest(CAST(:calls AS text[]), CAST(:kinds AS text[]), CAST(:details AS text[]),
                                             CAST(CAST(:times AS text[]) AS timestamptz[]),
                                             CAST(:bridged AS boolean[]), CAST(:hangsUp AS boolean[]),
                                             CAST(:sessions AS text[]))
                        ON CONFLICT (call_uuid, kind) DO NOTHING
                        RETURNING call_uuid, kind""")
                .bind("calls", calls).bind("kinds", kinds).bind("details", details)
                .bind("times", times).bind("bridged", bridged).bind("hangsUp", hangsUp).bind("sessions", sessions)
                .map(row -> row.get("call_uuid", String.class) + '|' + row.get("kind", String.class))
                .all();
    }

    /**
     * Writes the live-call claims the answers made in memory (one per session; the latest wins, as it did in
     * memory), so a restarted router knows them.
     */
    Mono<Void> claimAll(List<LiveCallRow> claims) {
        if (claims.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO live_call (session_uuid, call_uuid, started_at, stale_at)
                        SELECT * FROM unnest(CAST(:sessions AS text[]), CAST(:calls AS text[]),
                                             CAST(CAST(:started AS text[]) AS timestamptz[]),
                                             CAST(CAST(:stale AS text[]) AS timestamptz[]))
                        ON CONFLICT (session_uuid) DO UPDATE
                          SET call_uuid = excluded.call_uuid, started_at = excluded.started_at,
                              stale_at = excluded.stale_at""")
                .bind("sessions", claims.stream().map(LiveCallRow::sessionUuid).toArray(String[]::new))
                .bind("calls", claims.stream().map(LiveCallRow::callUuid).toArray(String[]::new))
                .bind("started", claims.stream().map(c -> c.startedAt().toString()).toArray(String[]::new))
                .bind("stale", claims.stream().map(c -> c.staleAt().toString()).toArray(String[]::new))
                .fetch().rowsUpdated().then();
    }

    /** Every live call claimed, as written by {@link #claimAll}. */
    Flux<LiveCallRow> liveCalls() {
        return db.sql("""
                        SELECT session_uuid, call_uuid, started_at,
                               coalesce(stale_at, started_at + interval '5 hours') AS stale_at
                        FROM live_call""")
                .map(row -> new LiveCallRow(row.get("session_uuid", String.class), row.get("call_uuid", String.class),
                        row.get("started_at", OffsetDateTime.class).toInstant(),
                        row.get("stale_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /** A session's live call, claimed at {@code startedAt}, taken over by another call from {@code staleAt}. */
    record LiveCallRow(String sessionUuid, String callUuid, Instant startedAt, Instant staleAt) {
    }

    /** The detail recorded for a call's report of this kind, and when it arrived. */
    <T> Mono<Logged<T>> find(String callUuid, WebhookKind kind, Class<T> detailType) {
        return find(callUuid, kind.logName(), detailType);
    }

    /** The detail recorded for a call's report under a kind name such as {@code pin_2}, and when it arrived. */
    <T> Mono<Logged<T>> find(String callUuid, String kind, Class<T> detailType) {
        return db.sql("""
                        SELECT detail, received_at FROM webhook_log
                        WHERE call_uuid = :call AND kind = :kind AND detail IS NOT NULL""")
                .bind("call", callUuid)
                .bind("kind", kind)
                .map(row -> new Logged<>(openDetail(row.get("detail", String.class), detailType),
                        row.get("received_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    /** The call as Veil bridged it (at its answer, or at a PIN try), and when; empty when it never was. */
    Mono<Logged<ConnectedCall>> connected(String callUuid) {
        return db.sql("""
                        SELECT detail, received_at FROM webhook_log
                        WHERE call_uuid = :call AND (kind = 'answer' OR kind LIKE 'pin\\_%') AND bridged
                          AND detail IS NOT NULL
                        LIMIT 1""")
                .bind("call", callUuid)
                .map(row -> new Logged<>(openDetail(row.get("detail", String.class), CallStep.class).connected(),
                        row.get("received_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    /**
     * PIN tries logged for a call: how many, and whether one of them ended the check (its answer hangs up).
     */
    Mono<PinTries> pinTries(String callUuid) {
        return db.sql("""
                        SELECT count(*) AS tries, coalesce(bool_or(hangs_up), false) AS ended
                        FROM webhook_log WHERE call_uuid = :call AND kind LIKE 'pin\\_%'""")
                .bind("call", callUuid)
                .map(row -> new PinTries(row.get("tries", Long.class).intValue(), row.get("ended", Boolean.class)))
                .one();
    }

    /** How many PIN tries a call made, and whether the check ended with them. */
    record PinTries(int count, boolean ended) {
    }

    /** The PIN check under way on a call, from its answer. */
    Mono<PinCheck> pinCheck(String callUuid) {
        return find(callUuid, WebhookKind.ANSWER, CallStep.class)
                .flatMap(logged -> Mono.justOrEmpty(logged.detail().pinCheck()));
    }

    /** Releases the session's live call if {@code callUuid} holds it. */
    Mono<Void> releaseLiveCall(String sessionUuid, String callUuid) {
        return db.sql("DELETE FROM live_call WHERE session_uuid = :session AND call_uuid = :call")
                .bind("session", sessionUuid).bind("call", callUuid).fetch().rowsUpdated().then();
    }

    /** Remembers durably who called a single-party session last. */
    Mono<Void> rememberCaller(String sessionUuid, String callerE164, Instant at) {
        return db.sql("""
                        INSERT INTO last_caller (session_uuid, caller, called_at) VALUES (:session, :caller, :at)
                        ON CONFLICT (session_uuid)
                          DO UPDATE SET caller = excluded.caller, called_at = excluded.called_at""")
                .bind("session", sessionUuid).bind("caller", LAST_CALLER.seal(cipher, callerE164))
                .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** Who called a single-party session last, as remembered durably (E.164). */
    Mono<String> lastCaller(String sessionUuid) {
        return db.sql("SELECT caller FROM last_caller WHERE session_uuid = :session")
                .bind("session", sessionUuid)
                .map(row -> LAST_CALLER.open(cipher, row.get("caller", String.class))).one();
    }

    /** The dial reports recorded for a call. */
    Flux<CallReport> dialReports(String callUuid) {
        return db.sql("""
                        SELECT kind, detail FROM webhook_log
                        WHERE call_uuid = :call AND kind = ANY(:kinds) AND detail IS NOT NULL""")
                .bind("call", callUuid)
                .bind("kinds", DIAL_KINDS.toArray(String[]::new))
                .map(row -> (CallReport) openDetail(row.get("detail", String.class),
                        dialReportType(row.get("kind", String.class))))
                .all();
    }

    /**
     * Deletes what the log holds of an erased session's calls: the details of every report of its calls (the rows
     * stay, without content, so a retried webhook is still known as one), and its last caller. Emits the number of
     * reports emptied.
     */
    Mono<Long> erase(String sessionUuid) {
        return db.sql("""
                        UPDATE webhook_log SET detail = NULL
                        WHERE call_uuid IN (SELECT call_uuid FROM webhook_log WHERE session_uuid = :session)
                          AND detail IS NOT NULL""")
                .bind("session", sessionUuid).fetch().rowsUpdated()
                .flatMap(emptied -> db.sql("DELETE FROM last_caller WHERE session_uuid = :session")
                        .bind("session", sessionUuid).fetch().rowsUpdated().thenReturn(emptied));
    }

    private String sealDetail(Object detail) {
        return DETAIL.seal(cipher, json.writeValueAsString(detail));
    }

    private <T> T openDetail(String sealed, Class<T> type) {
        return json.readValue(DETAIL.open(cipher, sealed), type);
    }

    /** Whether the step's instruction ends the call (what ends a PIN check). */
    private static boolean hangsUp(CallStep step) {
        return step.instruction() instanceof CallInstruction.PlayAndHangUp
                || step.instruction() instanceof CallInstruction.Reject;
    }

    /** The session a step bridged a call into or checks a PIN for. */
    private static @Nullable String sessionOf(CallStep step) {
        if (step.connected() != null) {
            return step.connected().sessionUuid();
        }
        return step.pinCheck() == null ? null : step.pinCheck().sessionUuid();
    }

    private static Class<? extends CallReport> dialReportType(String kind) {
        return switch (kind) {
            case "dial_answer" -> CallReport.DialAnswered.class;
            case "dial_hangup" -> CallReport.DialEnded.class;
            case "dial_status" -> CallReport.DialCompleted.class;
            default -> throw new IllegalStateException("not a dial report: " + kind);
        };
    }

    /** A logged report's detail and arrival time. */
    record Logged<T>(T detail, Instant receivedAt) {
    }
}
