package dev.veil.session.expiry;

import dev.veil.events.SessionExpired;
import dev.veil.platform.outbox.Outbox;
import dev.veil.session.sessions.SessionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Expires sessions whose expiry time has passed, every {@code veil.session.expiry-interval}. Each session is
 * marked {@code expired} and its {@code SessionExpired} (reason {@code timeout}) appended to the outbox in one
 * transaction of its own; the row is claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas running the same
 * scheduler expire each session once. Counts {@code veil.sessions.expired} (tag {@code reason}).
 */
final class SessionExpiryScheduler implements SmartLifecycle {

    static final String REASON_TIMEOUT = "timeout";
    /** Upper bound of sessions expired in one round, so a backlog cannot hold one round forever. */
    static final int MAX_PER_ROUND = 1000;

    private static final Logger log = LoggerFactory.getLogger(SessionExpiryScheduler.class);

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Duration interval;
    private final Counter expired;
    private volatile @Nullable Disposable loop;

    SessionExpiryScheduler(SessionRepository sessions, Outbox outbox, TransactionalOperator tx, Clock clock,
            Duration interval, MeterRegistry meters) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.interval = interval;
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
                                session.state(), REASON_TIMEOUT, now), session.sessionUuid().toString())
                        .thenReturn(true))
                .defaultIfEmpty(false);
        return tx.transactional(one).doOnNext(done -> {
            if (done) {
                expired.increment();
            }
        });
    }

    @Override
    public void start() {
        loop = Flux.defer(() -> expireDue().onErrorResume(e -> {
                    log.warn("session expiry failed, retrying: {}", e.toString());
                    return Mono.just(0);
                }))
                .concatMap(n -> Mono.delay(interval).thenReturn(n))
                .repeat()
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
