package dev.veil.session.sessions;

import dev.veil.events.SessionExpired;
import dev.veil.events.SessionUpdated;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.account.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Changes to existing sessions through the API: an update ({@code SessionUpdated}) and an expire
 * ({@code SessionExpired} with reason {@code api}), each with its event in the transaction of the change. The row
 * is locked while the change is decided, so a concurrent expiry or update cannot interleave. Counts
 * {@code veil.sessions.expired} (tag {@code reason=api}).
 */
public final class SessionChanges {

    public static final String REASON_API = "api";

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final PrivacyKeys privacy;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Counter expired;

    public SessionChanges(SessionRepository sessions, Outbox outbox, PrivacyKeys privacy, TransactionalOperator tx,
            Clock clock, MeterRegistry meters) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.privacy = privacy;
        this.tx = tx;
        this.clock = clock;
        this.expired = Counter.builder("veil.sessions.expired").tag("reason", REASON_API)
                .description("Sessions expired through the API").register(meters);
    }

    /** What happened to a change: the session is unknown to the tenant, was already expired, or changed. */
    public sealed interface Outcome {
        record NotFound() implements Outcome {
        }

        record AlreadyExpired() implements Outcome {
        }

        record Changed(Session session) implements Outcome {
        }
    }

    /**
     * Updates the session. {@code change} gets the current session and the time of the update (whole seconds) and
     * returns the new one, or throws to refuse the update; nothing is written then.
     */
    public Mono<Outcome> update(UUID sessionUuid, Tenant tenant, String correlationId,
            BiFunction<Session, Instant, Session> change) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return tx.transactional(sessions.findForUpdate(sessionUuid, tenant)
                .flatMap(current -> {
                    if (current.status() == SessionStatus.EXPIRED) {
                        return Mono.<Outcome>just(new Outcome.AlreadyExpired());
                    }
                    Session next = change.apply(current, now);
                    return sessions.update(next)
                            .then(outbox.append(new SessionUpdated(sessionUuid.toString(), next.state(privacy), now),
                                    correlationId))
                            .thenReturn((Outcome) new Outcome.Changed(next));
                })
                .defaultIfEmpty(new Outcome.NotFound()));
    }

    /** Expires the session now. */
    public Mono<Outcome> expire(UUID sessionUuid, Tenant tenant, String correlationId) {
        Instant now = clock.instant();
        Function<Session, Mono<Outcome>> expireIt = current -> current.status() == SessionStatus.EXPIRED
                ? Mono.just(new Outcome.AlreadyExpired())
                : sessions.expire(sessionUuid, now)
                        .flatMap(done -> outbox.append(new SessionExpired(sessionUuid.toString(), done.state(privacy),
                                REASON_API, now), correlationId).thenReturn((Outcome) new Outcome.Changed(done)));
        return tx.transactional(sessions.findForUpdate(sessionUuid, tenant).flatMap(expireIt)
                        .defaultIfEmpty(new Outcome.NotFound()))
                .doOnNext(outcome -> {
                    if (outcome instanceof Outcome.Changed) {
                        expired.increment();
                    }
                });
    }
}
