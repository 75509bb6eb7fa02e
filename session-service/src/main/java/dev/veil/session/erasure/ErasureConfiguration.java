package dev.veil.session.erasure;

import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.audit.AuditLog;
import dev.veil.session.sessions.SessionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    @Bean
    NumberErasure numberErasure(SessionRepository sessions, DatabaseClient db, Outbox outbox, PrivacyKeys privacy,
            AuditLog audit, TransactionalOperator tx, Clock clock, MeterRegistry meters) {
        return new NumberErasure(sessions, db, outbox, privacy, audit, tx, clock, meters);
    }
}
