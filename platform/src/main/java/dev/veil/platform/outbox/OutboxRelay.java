package dev.veil.platform.outbox;

import dev.veil.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.codec.Json;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes outbox rows to Kafka in commit order, keyed by aggregate (session) id, and deletes them only after the
 * broker acknowledged them. A crash between the acknowledgement and the delete republishes the same event id,
 * which idempotent consumers ignore; nothing is lost. One relay per schema publishes at a time (a transaction-level
 * advisory lock), so replicas of a service cannot reorder a session's events. It runs as a {@link
 * dev.veil.platform.schedule.RepeatingTask}: at once again after a full batch, else after the poll interval.
 */
public final class OutboxRelay {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Producer<String, byte[]> producer;
    private final String source;
    private final OutboxProperties properties;
    private final Counter published;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, Producer<String, byte[]> producer, String source,
            OutboxProperties properties, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.producer = producer;
        this.source = source;
        this.properties = properties;
        this.published = Counter.builder("veil.outbox.published")
                .description("Events the outbox relay published to Kafka").register(meters);
    }

    /** Publishes one batch; emits how many rows were published (0 when idle or another relay holds the lock). */
    public Mono<Integer> publishBatch() {
        Mono<Integer> batch = db.sql("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))")
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one()
                .flatMap(locked -> locked ? fetchAndPublish() : Mono.just(0));
        return tx.transactional(batch);
    }

    private Mono<Integer> fetchAndPublish() {
        return db.sql("""
                        SELECT seq, event_id, topic, aggregate_id, type, schema_version, payload,
                               CAST(EXTRACT(EPOCH FROM occurred_at) * 1000000 AS bigint) AS occurred_micros,
                               correlation_id
                        FROM outbox ORDER BY seq LIMIT :limit""")
                .bind("limit", properties.batchSize())
                .map(row -> new Row(row.get("seq", Long.class),
                        new EventEnvelope(row.get("event_id", UUID.class), row.get("type", String.class),
                                row.get("schema_version", Integer.class), source,
                                Instant.EPOCH.plus(row.get("occurred_micros", Long.class), ChronoUnit.MICROS),
                                row.get("aggregate_id", String.class), row.get("correlation_id", String.class)),
                        row.get("topic", String.class), row.get("payload", Json.class).asArray()))
                .all().collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0) : send(rows).then(delete(rows)));
    }

    /**
     * Sends the rows one after another from one thread, so the idempotent producer keeps their order per partition.
     * {@code send} blocks while the producer has no metadata for a topic (Kafka down, up to {@code max.block.ms}), so
     * it runs on a worker thread: on the event loop it would stall every HTTP request and query sharing that loop.
     */
    private Mono<Void> send(List<Row> rows) {
        return Mono.fromCallable(() -> sendAll(rows)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture);
    }

    private CompletableFuture<Void> sendAll(List<Row> rows) {
        List<CompletableFuture<RecordMetadata>> acks = rows.stream().map(r -> {
            CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
            // The record's timestamp is the producer's send time (the event's own time travels in ce_time): the
            // broker refuses timestamps far from its clock, which would block the outbox on one row for good.
            producer.send(new ProducerRecord<>(r.topic(), null, null,
                    r.envelope().subject(), r.payload(), r.envelope().toHeaders()), (md, e) -> {
                if (e != null) {
                    ack.completeExceptionally(e);
                } else {
                    ack.complete(md);
                }
            });
            return ack;
        }).toList();
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private Mono<Integer> delete(List<Row> rows) {
        Long[] seqs = rows.stream().map(Row::seq).toArray(Long[]::new);
        return db.sql("DELETE FROM outbox WHERE seq = ANY(:seqs)").bind("seqs", seqs).fetch().rowsUpdated()
                .doOnNext(n -> published.increment(rows.size()))
                .thenReturn(rows.size());
    }

    private record Row(long seq, EventEnvelope envelope, String topic, byte[] payload) {
    }
}
