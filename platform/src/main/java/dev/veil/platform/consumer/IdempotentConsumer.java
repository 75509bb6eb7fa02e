package dev.veil.platform.consumer;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.platform.events.ReceivedEvent;
import dev.veil.platform.logging.LogCorrelation;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Applies each event at most once per consumer: the (consumer, event id) marker is inserted first, in the same
 * transaction as the effect, and an event whose marker exists already is skipped. A redelivery after a crash
 * therefore has no second effect, and an effect that fails rolls its marker back so the redelivery applies it.
 */
public final class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EventCodec codec;
    private final MeterRegistry meters;

    public IdempotentConsumer(DatabaseClient db, TransactionalOperator tx, EventCodec codec, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.codec = codec;
        this.meters = meters;
    }

    /**
     * Runs {@code effect} for the event unless {@code consumer} applied it before. Emits whether it ran.
     */
    public Mono<Boolean> once(String consumer, UUID eventId, Mono<Void> effect) {
        Mono<Boolean> marked = db.sql("""
                        INSERT INTO consumed_events (consumer, event_id) VALUES (:consumer, :id)
                        ON CONFLICT DO NOTHING""")
                .bind("consumer", consumer).bind("id", eventId)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.just(false) : effect.thenReturn(true));
        return tx.transactional(marked);
    }

    /**
     * Decodes a Kafka message from a Spring Cloud Stream binding and applies {@code effect} once. Blocks the
     * binder's listener thread until the effect committed, so the offset is acknowledged only after it. Events of
     * a type this version does not know are skipped.
     */
    public void accept(String consumer, Message<byte[]> message, Function<ReceivedEvent, Mono<Void>> effect) {
        accept(consumer, message, received -> true, effect);
    }

    /**
     * As {@link #accept(String, Message, Function)}, for a consumer most of whose events change nothing: an event
     * that is not {@code relevant} is skipped without a transaction or a marker (there is no effect to apply
     * twice), and counted with outcome {@code skipped}.
     */
    public void accept(String consumer, Message<byte[]> message, Predicate<ReceivedEvent> relevant,
            Function<ReceivedEvent, Mono<Void>> effect) {
        decode(message).ifPresent(received -> {
            if (!relevant.test(received)) {
                counted(consumer, received, "skipped");
                return;
            }
            boolean applied = Boolean.TRUE.equals(once(consumer, received.envelope().id(), effect.apply(received))
                    .contextWrite(context -> correlated(context, received))
                    .block(EFFECT_TIMEOUT));
            counted(consumer, received, applied ? "applied" : "duplicate");
        });
    }

    /**
     * Applies the events of one poll (a binding with {@code consumer.batch-mode: true}) in one transaction, each
     * once, in order: one commit and one wait per batch instead of one per event, which is what lets a consumer
     * keep up with a burst of session creations. See {@link #acceptBatch}; here each new event's {@code effect}
     * runs in turn.
     */
    public void acceptAll(String consumer, Message<List<byte[]>> batch, Function<ReceivedEvent, Mono<Void>> effect) {
        acceptBatch(consumer, batch, fresh -> Flux.fromIterable(fresh)
                .concatMap(received -> Mono.defer(() -> effect.apply(received))
                        .contextWrite(context -> correlated(context, received)))
                .then());
    }

    /**
     * Applies the events of one poll in one transaction: the markers of all of them are inserted in one statement,
     * and {@code effects} gets the events that were new (in their order, each once, also when the poll holds it
     * twice), so a consumer can apply them set-wise. Blocks the listener thread until the batch committed, so the
     * offsets are acknowledged only after it.
     *
     * <p>When the batch fails, its events are applied one by one ({@code effects} of a one-event list), each in its
     * own transaction as {@link #accept} applies them: an event whose effect fails then fails alone, after the events before it
     * committed, and its exception reaches the binder, which redelivers the batch (whose applied events are skipped
     * by their markers). Only effects that change nothing outside this service's database may be applied in
     * batches: a rolled-back batch runs its effects again.
     */
    public void acceptBatch(String consumer, Message<List<byte[]>> batch,
            Function<List<ReceivedEvent>, Mono<Void>> effects) {
        List<Message<byte[]>> messages = records(batch);
        List<ReceivedEvent> events = messages.stream().map(this::decode).flatMap(Optional::stream).toList();
        if (events.isEmpty()) {
            return;
        }
        List<ReceivedEvent> fresh = new ArrayList<>(events.size());
        Mono<Void> all = db.sql("""
                        INSERT INTO consumed_events (consumer, event_id)
                        SELECT :consumer, id FROM unnest(CAST(:ids AS uuid[])) AS id
                        ON CONFLICT DO NOTHING
                        RETURNING event_id""")
                .bind("consumer", consumer)
                .bind("ids", events.stream().map(e -> e.envelope().id().toString()).toArray(String[]::new))
                .map(row -> row.get("event_id", UUID.class))
                .all()
                .collect(Collectors.toCollection(HashSet::new))
                .flatMap(inserted -> {
                    events.stream().filter(e -> inserted.remove(e.envelope().id())).forEach(fresh::add);
                    return fresh.isEmpty() ? Mono.empty() : effects.apply(List.copyOf(fresh));
                });
        try {
            tx.transactional(all).block(EFFECT_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("a batch of {} events for {} failed ({}); applying them one at a time", events.size(), consumer,
                    e.toString());
            messages.forEach(message -> accept(consumer, message, received -> effects.apply(List.of(received))));
            return;
        }
        Set<ReceivedEvent> applied = Collections.newSetFromMap(new IdentityHashMap<>());
        applied.addAll(fresh);
        events.forEach(received -> counted(consumer, received, applied.contains(received) ? "applied" : "duplicate"));
    }

    /** The records of a batch, each with its own headers, as the binder would have delivered them one by one. */
    private static List<Message<byte[]>> records(Message<List<byte[]>> batch) {
        List<byte[]> payloads = batch.getPayload();
        List<?> headers = Objects.requireNonNull(batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS,
                List.class), "a batch without kafka_batchConvertedHeaders (the binder maps each record's headers)");
        List<Message<byte[]>> messages = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            Map<String, Object> recordHeaders = new HashMap<>();
            ((Map<?, ?>) headers.get(i)).forEach((name, value) -> recordHeaders.put(name.toString(), value));
            messages.add(MessageBuilder.createMessage(payloads.get(i), new MessageHeaders(recordHeaders)));
        }
        return messages;
    }

    private static Context correlated(Context context, ReceivedEvent received) {
        return LogCorrelation.with(LogCorrelation.with(context, LogCorrelation.CORRELATION_ID,
                received.envelope().correlationId()), LogCorrelation.SESSION_UUID, received.envelope().subject());
    }

    /** Counts {@code veil.events.consumed{consumer, type, outcome=applied|duplicate|skipped}}. */
    private void counted(String consumer, ReceivedEvent received, String outcome) {
        meters.counter("veil.events.consumed", "consumer", consumer, "type", received.envelope().type(),
                "outcome", outcome).increment();
    }

    /** The event in a message, or empty for a type this version does not know. */
    public Optional<ReceivedEvent> decode(Message<byte[]> message) {
        EventEnvelope envelope = EventEnvelope.fromMessageHeaders(message.getHeaders());
        Optional<EventType> type = EventType.fromWireName(envelope.type());
        if (type.isEmpty()) {
            log.debug("skipping event of unknown type {} ({})", envelope.type(),
                    message.getHeaders().get(EventHeaders.ID));
            return Optional.empty();
        }
        return Optional.of(new ReceivedEvent(envelope, codec.decode(type.get(), message.getPayload())));
    }
}
