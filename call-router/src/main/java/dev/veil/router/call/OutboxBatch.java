package dev.veil.router.call;

import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Appends many events to the outbox in one statement, inside the current transaction: the answer journal writes
 * a batch of hundreds of answers (three or four events each) at a time, where one {@code INSERT} per event would cost
 * a round trip each. The rows are exactly those the platform's {@code Outbox#append} writes (same columns, codec and
 * key), in the order given, so the {@code OutboxRelay} publishes them in that order, keyed by session uuid.
 */
final class OutboxBatch {

    /** An event and the id of what caused it (the call uuid), as {@code Outbox#append} takes them. */
    record Entry(VeilEvent event, String correlationId) {
    }

    private final DatabaseClient db;
    private final EventCodec codec;
    private final Clock clock;

    OutboxBatch(DatabaseClient db, EventCodec codec, Clock clock) {
        this.db = db;
        this.codec = codec;
        this.clock = clock;
    }

    Mono<Void> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        int n = entries.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        String[] payloads = new String[n];
        String[] correlations = new String[n];
        for (int i = 0; i < n; i++) {
            VeilEvent event = entries.get(i).event();
            var type = event.eventType();
            ids[i] = UUID.randomUUID().toString();
            topics[i] = type.topic();
            keys[i] = event.sessionUuid();
            types[i] = type.wireName();
            versions[i] = type.schemaVersion();
            payloads[i] = codec.encodeToString(event);
            correlations[i] = entries.get(i).correlationId();
        }
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, aggregate_id, type, schema_version, payload, occurred_at,
                                            correlation_id)
                        SELECT CAST(e.id AS uuid), e.topic, e.key, e.type, e.version, CAST(e.payload AS jsonb), :at,
                               e.correlation
                        FROM unnest(CAST(:ids AS text[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                                    CAST(:types AS text[]), CAST(:versions AS int[]), CAST(:payloads AS text[]),
                                    CAST(:correlations AS text[]))
                             WITH ORDINALITY AS e(id, topic, key, type, version, payload, correlation, n)
                        ORDER BY e.n""")
                .bind("ids", ids).bind("topics", topics).bind("keys", keys).bind("types", types)
                .bind("versions", versions).bind("payloads", payloads).bind("correlations", correlations)
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }
}
