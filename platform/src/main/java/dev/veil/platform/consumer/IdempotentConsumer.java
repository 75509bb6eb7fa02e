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
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
        decode(message).ifPresent(received -> {
            EventEnvelope envelope = received.envelope();
            boolean applied = Boolean.TRUE.equals(once(consumer, envelope.id(), effect.apply(received))
                    .contextWrite(context -> LogCorrelation.with(LogCorrelation.with(context,
                            LogCorrelation.CORRELATION_ID, envelope.correlationId()),
                            LogCorrelation.SESSION_UUID, envelope.subject()))
                    .block(EFFECT_TIMEOUT));
            meters.counter("veil.events.consumed", "consumer", consumer, "type", envelope.type(),
                    "outcome", applied ? "applied" : "duplicate").increment();
        });
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
