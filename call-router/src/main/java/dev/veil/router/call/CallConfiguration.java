package dev.veil.router.call;

import dev.veil.platform.outbox.Outbox;
import dev.veil.router.index.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;

/** Wires call handling to the routes, the webhook log and the outbox. */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean
    CallHandler callHandler(Routes routes, DatabaseClient db, Outbox outbox, TransactionalOperator tx, Clock clock,
            MeterRegistry meters) {
        return new CallHandler(routes, new WebhookLog(db), outbox, tx, clock, meters);
    }
}
