package dev.veil.platform.outbox;

import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends events to the service's outbox table. Call it inside the reactive transaction that changes the state
 * the event describes: the event is then published if and only if the change commits. {@link OutboxRelay}
 * publishes it to Kafka later; nothing here talks to Kafka.
 */
public final class Outbox {

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
                        VALUES (:id, :topic, :key, :type, :version, :payload, :at, :correlation)""")
                .bind("id", UUID.randomUUID())
                .bind("topic", type.topic())
                .bind("key", event.sessionUuid())
                .bind("type", type.wireName())
                .bind("version", type.schemaVersion())
                .bind("payload", Json.of(codec.encode(event)))
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .bind("correlation", correlationId)
                .then();
    }
}
