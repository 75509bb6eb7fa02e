package dev.veil.billing.sessionfee;

import dev.veil.events.SessionCreated;
import dev.veil.platform.consumer.IdempotentConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code onSessionEvents} binding ({@code veil.session.v2}, group {@code billing-service}): charges the fee of
 * every {@code SessionCreated} once. Other session events have nothing to bill and are skipped.
 */
@Configuration(proxyBeanMethods = false)
class SessionEventsBinding {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "billing-service.sessions";

    @Bean
    Consumer<Message<List<byte[]>>> onSessionEvents(IdempotentConsumer events, SessionFeeCharger charger) {
        return batch -> events.acceptAll(CONSUMER, batch, received -> switch (received.event()) {
            case SessionCreated created -> charger.charge(created, received.envelope().correlationId() == null
                    ? created.sessionUuid() : received.envelope().correlationId());
            default -> Mono.empty();
        });
    }
}
