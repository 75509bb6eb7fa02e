package dev.veil.billing.charging;

import dev.veil.events.CallEnded;
import dev.veil.platform.consumer.IdempotentConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * The {@code onCallEvents} binding ({@code veil.call.v1}, group {@code billing-service}): charges every
 * {@code CallEnded} once. Other call events ({@code InteractionStarted}) have nothing to bill and are skipped.
 */
@Configuration(proxyBeanMethods = false)
class CallEventsBinding {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "billing-service.calls";

    @Bean
    Consumer<Message<byte[]>> onCallEvents(IdempotentConsumer events, CallCharger charger) {
        return message -> events.accept(CONSUMER, message, received -> received.event() instanceof CallEnded,
                received -> {
                    CallEnded ended = (CallEnded) received.event();
                    return charger.charge(ended, received.envelope().correlationId() == null
                            ? ended.callUuid() : received.envelope().correlationId());
                });
    }
}
