package dev.veil.session.sessions;

import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.PrivacyKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;

/**
 * Wires the session store, its transactions and idempotency keys, and declares the encrypted columns of sessions
 * and idempotency keys, so that the platform's key rotation re-encrypts them.
 */
@Configuration(proxyBeanMethods = false)
class SessionsConfiguration {

    @Bean
    SessionRepository sessionRepository(DatabaseClient db, PrivacyKeys keys) {
        return new SessionRepository(db, keys);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(DatabaseClient db, PrivacyKeys keys) {
        return new IdempotencyKeys(db, keys.data());
    }

    @Bean
    SessionCreator sessionCreator(SessionRepository sessions, IdempotencyKeys keys, Outbox outbox,
            PrivacyKeys privacy, TransactionalOperator tx, MeterRegistry meters) {
        return new SessionCreator(sessions, keys, outbox, privacy, tx, meters);
    }

    @Bean
    SessionChanges sessionChanges(SessionRepository sessions, Outbox outbox, PrivacyKeys privacy,
            TransactionalOperator tx, Clock clock, MeterRegistry meters) {
        return new SessionChanges(sessions, outbox, privacy, tx, clock, meters);
    }

    @Bean
    EncryptedColumn sessionsFirstParty() {
        return SessionRepository.FIRST_PARTY;
    }

    @Bean
    EncryptedColumn sessionsSecondParty() {
        return SessionRepository.SECOND_PARTY;
    }

    @Bean
    EncryptedColumn sessionsFirstPartyPin() {
        return SessionRepository.FIRST_PARTY_PIN;
    }

    @Bean
    EncryptedColumn sessionsSecondPartyPin() {
        return SessionRepository.SECOND_PARTY_PIN;
    }

    @Bean
    EncryptedColumn idempotencyKeysRequestHash() {
        return IdempotencyKeys.REQUEST_HASH;
    }

    @Bean
    EncryptedColumn idempotencyKeysResponse() {
        return IdempotencyKeys.RESPONSE;
    }
}
