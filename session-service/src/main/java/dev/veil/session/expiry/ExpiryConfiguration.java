package dev.veil.session.expiry;

import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.session.SessionProperties;
import dev.veil.session.callbacks.CallbackRecorder;
import dev.veil.session.sessions.SessionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ExpiryConfiguration {

    @Bean
    SessionExpiryScheduler sessionExpiryScheduler(SessionRepository sessions, Outbox outbox, PrivacyKeys privacy,
            TransactionalOperator tx, Clock clock, CallbackRecorder callbacks, MeterRegistry meters) {
        return new SessionExpiryScheduler(sessions, outbox, privacy, tx, clock, callbacks, meters);
    }

    @Bean
    RepeatingTask sessionExpiryTask(SessionExpiryScheduler scheduler, SessionProperties properties) {
        return new RepeatingTask("session expiry",
                () -> scheduler.expireDue().map(n -> n >= SessionExpiryScheduler.MAX_PER_ROUND),
                properties.expiryInterval());
    }
}
