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
        return db.sql("""
                        INSERT INTO webhook_log (call_uuid, kind, payload, detail, received_at)
                        VALUES (:call, :kind, :payload, :detail, :at)
                        ON CONFLICT (call_uuid, kind) DO NOTHING""")
                .bind("call", callUuid)
                .bind("kind", kind.logName())
                .bind("payload", Json.of(json.writeValueAsString(flatten(payload))))
                .bind("detail", Json.of(json.writeValueAsString(detail)))
                .bind("at", OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    /** The detail recorded for a call's report of this kind, and when it arrived. */
    <T> Mono<Logged<T>> find(String callUuid, WebhookKind kind, Class<T> detailType) {
        return db.sql("SELECT detail, received_at FROM webhook_log WHERE call_uuid = :call AND kind = :kind")
                .bind("call", callUuid)
                .bind("kind", kind.logName())
                .map(row -> new Logged<>(json.readValue(row.get("detail", Json.class).asString(), detailType),
                        row.get("received_at", OffsetDateTime.class).toInstant()))
                .one();
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
