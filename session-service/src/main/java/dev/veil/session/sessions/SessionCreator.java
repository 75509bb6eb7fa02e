package dev.veil.session.sessions;

import dev.veil.events.SessionCreated;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.PrivacyKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores a new session and appends its {@code SessionCreated} in one transaction, so the event is published if
 * and only if the session exists. With an idempotency key, the key and the response are stored in the same
 * transaction. Counts {@code veil.sessions.opened}.
 */
public final class SessionCreator {

    private final SessionRepository sessions;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final PrivacyKeys privacy;
    private final TransactionalOperator tx;
    private final Counter created;

    public SessionCreator(SessionRepository sessions, IdempotencyKeys keys, Outbox outbox, PrivacyKeys privacy,
            TransactionalOperator tx, MeterRegistry meters) {
        this.sessions = sessions;
        this.keys = keys;
        this.outbox = outbox;
        this.privacy = privacy;
        this.tx = tx;
        this.created = Counter.builder("veil.sessions.opened")
                .description("Sessions created through the API").register(meters);
    }

    /**
     * Creates the session; emits true. Given the response to keep under an idempotency key, emits false and stores
     * nothing when a concurrent request with the same key won: that request's stored response answers this one.
     *
     * @param response      the response to store under its idempotency key, or null when the request had none
     * @param correlationId ties the {@code SessionCreated} event to the API request
     */
    public Mono<Boolean> create(Session session, @Nullable StoredResponse response, String correlationId) {
        Mono<Void> store = sessions.insert(session)
                .then(outbox.append(new SessionCreated(session.sessionUuid().toString(), session.state(privacy),
                        session.createdTime()), correlationId));
        Mono<Boolean> created = response == null
                ? store.thenReturn(true)
                : keys.claim(session.accountId(), response)
                        .flatMap(claimed -> claimed ? store.thenReturn(true) : Mono.just(false));
        return tx.transactional(created).doOnNext(stored -> {
            if (stored) {
                this.created.increment();
            }
        });
    }
}
