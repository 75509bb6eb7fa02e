package dev.veil.router.call;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code webhook_log} table: each carrier report recorded once per (A-leg call uuid, kind), with the
 * parameters as posted and what Veil read from them. The uniqueness of that pair is what makes every webhook
 * idempotent; nothing checks before inserting.
 */
final class WebhookLog {

    private static final List<String> DIAL_KINDS = List.of(WebhookKind.DIAL_ANSWER.logName(),
            WebhookKind.DIAL_HANGUP.logName(), WebhookKind.DIAL_STATUS.logName());

    private final DatabaseClient db;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    WebhookLog(DatabaseClient db) {
        this.db = db;
    }

    /** Records a report; emits whether it is new (false: this call already had a report of this kind). */
    Mono<Boolean> record(String callUuid, WebhookKind kind, Map<String, List<String>> payload, Object detail,
            Instant receivedAt) {
        return record(callUuid, kind.logName(), payload, detail, receivedAt);
    }

    /** Records a report under a kind name such as {@code pin_2}; emits whether it is new. */
    Mono<Boolean> record(String callUuid, String kind, Map<String, List<String>> payload, Object detail,
            Instant receivedAt) {
        return db.sql("""
                        INSERT INTO webhook_log (call_uuid, kind, payload, detail, received_at)
                        VALUES (:call, :kind, :payload, :detail, :at)
                        ON CONFLICT (call_uuid, kind) DO NOTHING""")
                .bind("call", callUuid)
                .bind("kind", kind)
                .bind("payload", Json.of(json.writeValueAsString(flatten(payload))))
                .bind("detail", Json.of(json.writeValueAsString(detail)))
                .bind("at", OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    /**
     * Records a batch of reports in one statement; emits the {@code call_uuid + '|' + kind} of those that are new
     * (the others were recorded before: a retried webhook, or a hangup that recorded the answer itself).
     */
    Flux<String> recordAll(List<AnswerJournal.Pending> reports) {
        int n = reports.size();
        String[] calls = new String[n];
        String[] kinds = new String[n];
        String[] payloads = new String[n];
        String[] details = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            AnswerJournal.Pending report = reports.get(i);
            calls[i] = report.callUuid();
            kinds[i] = report.kind();
            payloads[i] = json.writeValueAsString(flatten(report.payload()));
            details[i] = json.writeValueAsString(report.step());
            times[i] = report.receivedAt().toString();
        }
        return db.sql("""
                        INSERT INTO webhook_log (call_uuid, kind, payload, detail, received_at)
                        SELECT * FROM unnest(CAST(:calls AS text[]), CAST(:kinds AS text[]),
                                             CAST(CAST(:payloads AS text[]) AS jsonb[]),
                                             CAST(CAST(:details AS text[]) AS jsonb[]),
                                             CAST(CAST(:times AS text[]) AS timestamptz[]))
                        ON CONFLICT (call_uuid, kind) DO NOTHING
                        RETURNING call_uuid, kind""")
                .bind("calls", calls).bind("kinds", kinds).bind("payloads", payloads).bind("details", details)
                .bind("times", times)
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
        return db.sql("SELECT detail, received_at FROM webhook_log WHERE call_uuid = :call AND kind = :kind")
                .bind("call", callUuid)
                .bind("kind", kind)
                .map(row -> new Logged<>(json.readValue(row.get("detail", Json.class).asString(), detailType),
                        row.get("received_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    /** The call as Veil bridged it (at its answer, or at a PIN try), and when; empty when it never was. */
    Mono<Logged<ConnectedCall>> connected(String callUuid) {
        return db.sql("""
                        SELECT detail, received_at FROM webhook_log
                        WHERE call_uuid = :call AND (kind = 'answer' OR kind LIKE 'pin\\_%')
                          AND jsonb_typeof(detail -> 'connected') = 'object'
                        LIMIT 1""")
                .bind("call", callUuid)
                .map(row -> new Logged<>(json.readValue(row.get("detail", Json.class).asString(), CallStep.class)
                        .connected(), row.get("received_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    /**
     * PIN tries logged for a call: how many, and whether one of them ended the check (its answer hangs up).
     */
    Mono<PinTries> pinTries(String callUuid) {
        return db.sql("""
                        SELECT count(*) AS tries,
                               coalesce(bool_or(detail -> 'instruction' ->> 'type' = 'play_and_hang_up'), false)
                                 AS ended
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
                .bind("session", sessionUuid).bind("caller", callerE164)
                .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** Who called a single-party session last, as remembered durably (E.164). */
    Mono<String> lastCaller(String sessionUuid) {
        return db.sql("SELECT caller FROM last_caller WHERE session_uuid = :session")
                .bind("session", sessionUuid).map(row -> row.get("caller", String.class)).one();
    }

    /** The dial reports recorded for a call. */
    Flux<CallReport> dialReports(String callUuid) {
        return db.sql("SELECT kind, detail FROM webhook_log WHERE call_uuid = :call AND kind = ANY(:kinds)")
                .bind("call", callUuid)
                .bind("kinds", DIAL_KINDS.toArray(String[]::new))
                .map(row -> (CallReport) json.readValue(row.get("detail", Json.class).asString(),
                        dialReportType(row.get("kind", String.class))))
                .all();
    }

    private static Class<? extends CallReport> dialReportType(String kind) {
        return switch (kind) {
            case "dial_answer" -> CallReport.DialAnswered.class;
            case "dial_hangup" -> CallReport.DialEnded.class;
            case "dial_status" -> CallReport.DialCompleted.class;
            default -> throw new IllegalStateException("not a dial report: " + kind);
        };
    }

    /** Parameters as a JSON object: a single value as a string, a repeated one as an array. */
    private static Map<String, Object> flatten(Map<String, List<String>> payload) {
        Map<String, Object> flat = new LinkedHashMap<>();
        payload.forEach((name, values) -> flat.put(name, values.size() == 1 ? values.getFirst() : values));
        return flat;
    }

    /** A logged report's detail and arrival time. */
    record Logged<T>(T detail, Instant receivedAt) {
    }
}
