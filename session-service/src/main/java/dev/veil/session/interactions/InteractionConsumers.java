package dev.veil.session.interactions;

import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.InteractionStarted;
import dev.veil.events.SessionCharged;
import dev.veil.platform.consumer.IdempotentConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

/**
 * The Spring Cloud Stream bindings of session-service ({@code onCallEvents} on {@code veil.call.v1},
 * {@code onBillingEvents} on {@code veil.billing.v1}, group {@code session-service}). Other event types on those
 * topics are skipped.
 */
@Configuration(proxyBeanMethods = false)
class InteractionConsumers {

    @Bean
    InteractionProjector interactionProjector(DatabaseClient db) {
        return new InteractionProjector(db);
    }

    @Bean
    Consumer<Message<byte[]>> onCallEvents(IdempotentConsumer events, InteractionProjector projector) {
        return message -> events.accept("session-service.calls", message, received -> switch (received.event()) {
            case InteractionStarted started -> projector.started(started);
            case CallEnded ended -> projector.ended(ended);
            default -> Mono.empty();
        });
    }

    @Bean
    Consumer<Message<byte[]>> onBillingEvents(IdempotentConsumer events, InteractionProjector projector) {
        return message -> events.accept("session-service.billing", message, received ->
                switch (received.event()) {
                    case CallBilled billed -> projector.billed(billed);
                    case SessionCharged charged -> projector.charged(charged);
                    default -> Mono.empty();
                });
    }
}
