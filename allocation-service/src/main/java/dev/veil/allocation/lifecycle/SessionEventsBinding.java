package dev.veil.allocation.lifecycle;

import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.platform.consumer.IdempotentConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code onSessionEvents} binding: consumes {@code veil.session.v2} (group {@code allocation-service}) a poll's
 * batch at a time, in one transaction, and applies each event once. Other session event types change nothing here.
 */
@Configuration(proxyBeanMethods = false)
class SessionEventsBinding {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "allocation-service.sessions";

    @Bean
    Consumer<Message<List<byte[]>>> onSessionEvents(IdempotentConsumer events, AllocationLifecycle lifecycle) {
        return batch -> events.acceptAll(CONSUMER, batch, received -> switch (received.event()) {
            case SessionCreated created -> lifecycle.confirm(created);
            case SessionExpired expired -> lifecycle.release(expired);
            default -> Mono.empty();
        });
    }
}
