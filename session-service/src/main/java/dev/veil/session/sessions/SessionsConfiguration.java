package dev.veil.session.sessions;

import dev.veil.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class SessionsConfiguration {

    @Bean
    SessionRepository sessionRepository(DatabaseClient db) {
        return new SessionRepository(db);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(DatabaseClient db) {
        return new IdempotencyKeys(db);
    }

    @Bean
    SessionCreator sessionCreator(SessionRepository sessions, IdempotencyKeys keys, Outbox outbox,
            TransactionalOperator tx, MeterRegistry meters) {
        return new SessionCreator(sessions, keys, outbox, tx, meters);
    }

    @Bean
    SessionChanges sessionChanges(SessionRepository sessions, Outbox outbox, TransactionalOperator tx, Clock clock,
            MeterRegistry meters) {
        return new SessionChanges(sessions, outbox, tx, clock, meters);
    }
}
