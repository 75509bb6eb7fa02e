package dev.veil.router.call;

import dev.veil.platform.outbox.Outbox;
import dev.veil.router.RouterProperties;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
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
    CallHandler callHandler(Routes routes, RoutingIndex index, DatabaseClient db, Outbox outbox,
            TransactionalOperator tx, Clock clock, RouterProperties properties, MeterRegistry meters) {
        return new CallHandler(routes, index, new WebhookLog(db), outbox, tx, clock, properties.dbTimeout(), meters);
    }
}
