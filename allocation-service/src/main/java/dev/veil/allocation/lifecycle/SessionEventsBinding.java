package dev.veil.allocation.lifecycle;

import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.events.ReceivedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code onSessionEvents} binding: consumes {@code veil.session.v2} (group {@code allocation-service}) a poll's
 * batch at a time, in one transaction, and applies each event once: the batch's reservations confirmed in one
 * statement. Other session event types change nothing here.
 */
@Configuration(proxyBeanMethods = false)
class SessionEventsBinding {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "allocation-service.sessions";

    @Bean
    Consumer<Message<List<byte[]>>> onSessionEvents(IdempotentConsumer events, AllocationLifecycle lifecycle) {
        return batch -> events.acceptBatch(CONSUMER, batch, fresh -> apply(lifecycle, fresh));
    }

    /**
     * The batch's creations confirmed in one statement, then its expiries released in their order. Confirming
     * first keeps each session's order: its SessionCreated always precedes its SessionExpired.
     */
    private static Mono<Void> apply(AllocationLifecycle lifecycle, List<ReceivedEvent> events) {
        List<SessionCreated> created = events.stream().map(ReceivedEvent::event)
                .filter(SessionCreated.class::isInstance).map(SessionCreated.class::cast).toList();
        return lifecycle.confirmAll(created).then(Flux.fromIterable(events).map(ReceivedEvent::event)
                .filter(SessionExpired.class::isInstance)
                .concatMap(expired -> lifecycle.release((SessionExpired) expired))
                .then());
    }
}
