package dev.veil.session.expiry;

import dev.veil.events.SessionExpired;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.callbacks.CallbackRecorder;
import dev.veil.session.sessions.SessionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;

/**
 * Expires sessions whose expiry time has passed, every {@code veil.session.expiry-interval}. Each session is
 * marked {@code expired} and its {@code SessionExpired} (reason {@code timeout}) appended to the outbox in one
 * transaction of its own; the row is claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas running the same
 * scheduler expire each session once. The customer's {@code SessionTimeout} callback is stored in the same
 * transaction. Counts {@code veil.sessions.expired} (tag {@code reason}).
 */
final class SessionExpiryScheduler {

    static final String REASON_TIMEOUT = "timeout";
    /** Upper bound of sessions expired in one round, so a backlog cannot hold one round forever. */
    static final int MAX_PER_ROUND = 1000;

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final PrivacyKeys privacy;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final CallbackRecorder callbacks;
    private final Counter expired;

    SessionExpiryScheduler(SessionRepository sessions, Outbox outbox, PrivacyKeys privacy, TransactionalOperator tx,
            Clock clock, CallbackRecorder callbacks, MeterRegistry meters) {
        this.sessions = sessions;
        this.privacy = privacy;
        this.callbacks = callbacks;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.expired = Counter.builder("veil.sessions.expired").tag("reason", REASON_TIMEOUT)
                .description("Sessions expired because their expiry time passed").register(meters);
    }

    /** Expires every session due now, one transaction each; emits how many this replica expired. */
    Mono<Integer> expireDue() {
        Instant now = clock.instant();
        return expireOne(now)
                .repeat(MAX_PER_ROUND - 1)
                .takeWhile(Boolean::booleanValue)
                .count()
                .map(Long::intValue);
    }

    private Mono<Boolean> expireOne(Instant now) {
        Mono<Boolean> one = sessions.expireNextDue(now)
                .flatMap(session -> outbox.append(new SessionExpired(session.sessionUuid().toString(),
                                session.state(privacy), REASON_TIMEOUT, now), session.sessionUuid().toString())
                        .then(callbacks.sessionTimeout(session.sessionUuid(), now))
                        .thenReturn(true))
                .defaultIfEmpty(false);
        return tx.transactional(one).doOnNext(done -> {
            if (done) {
                expired.increment();
            }
        });
    }
}
