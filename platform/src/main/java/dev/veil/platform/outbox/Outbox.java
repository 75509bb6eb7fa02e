package dev.veil.platform.outbox;

import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends events to the service's outbox table. Call it inside the reactive transaction that changes the state
 * the event describes: the event is then published if and only if the change commits. {@link OutboxRelay}
 * publishes it to Kafka later; nothing here talks to Kafka.
 */
public final class Outbox {

    /** An event and the correlation id it carries (what caused it: a request, a call uuid). */
    public record Entry(VeilEvent event, String correlationId) {
    }

    private final DatabaseClient db;
    private final EventCodec codec;
    private final Clock clock;

    public Outbox(DatabaseClient db, EventCodec codec, Clock clock) {
        this.db = db;
        this.codec = codec;
        this.clock = clock;
    }

    /** Adds an event to the current transaction's outbox. */
    public Mono<Void> append(VeilEvent event, String correlationId) {
        var type = event.eventType();
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, aggregate_id, type, schema_version, payload,
                                            occurred_at, correlation_id)
                        VALUES (gen_random_uuid(), :topic, :key, :type, :version, :payload, :at, :correlation)""")
                .bind("topic", type.topic())
                .bind("key", event.key())
                .bind("type", type.wireName())
                .bind("version", type.schemaVersion())
                .bind("payload", Json.of(codec.encode(event)))
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .bind("correlation", correlationId)
                .then();
    }

    /**
     * Adds many events to the current transaction's outbox in one statement, in the order given (so the relay
     * publishes them in that order): for writers of batches, where one {@code INSERT} per event would cost a round
     * trip each. The rows are those {@link #append} writes.
     */
    public Mono<Void> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        int n = entries.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        StringBuilder payloads = new StringBuilder(n * 512).append('[');
        String[] correlations = new String[n];
        for (int i = 0; i < n; i++) {
            VeilEvent event = entries.get(i).event();
            var type = event.eventType();
            topics[i] = type.topic();
            keys[i] = event.key();
            types[i] = type.wireName();
            versions[i] = type.schemaVersion();
            if (i > 0) {
                payloads.append(',');
            }
            payloads.append(codec.encodeToString(event));
            correlations[i] = entries.get(i).correlationId();
        }
        // The payloads go as one JSON array, which Postgres parses as it would each payload: as elements of a text
        // array, every quote of every payload would be escaped on the way and parsed back.
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, aggregate_id, type, schema_version, payload, occurred_at,
                                            correlation_id)
                        SELECT gen_random_uuid(), e.topic, e.key, e.type, e.version, p.payload, :at, e.correlation
                        FROM unnest(CAST(:topics AS text[]), CAST(:keys AS text[]), CAST(:types AS text[]),
                                    CAST(:versions AS int[]), CAST(:correlations AS text[]))
                             WITH ORDINALITY AS e(topic, key, type, version, correlation, n)
                        JOIN jsonb_array_elements(CAST(:payloads AS jsonb)) WITH ORDINALITY AS p(payload, n)
                             USING (n)
                        ORDER BY n""")
                .bind("topics", topics).bind("keys", keys).bind("types", types).bind("versions", versions)
                .bind("payloads", payloads.append(']').toString()).bind("correlations", correlations)
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }
}
