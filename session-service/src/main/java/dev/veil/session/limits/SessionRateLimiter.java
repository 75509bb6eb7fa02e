package dev.veil.session.limits;

import dev.veil.platform.ratelimit.TokenBuckets;
import dev.veil.session.account.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Admits session creations by token bucket: a main account's request takes from its own bucket; a subaccount's
 * from its own and then its main account's, so the subaccounts together never exceed the main account's limit.
 * Counts refusals as {@code veil.sessions.rate_limited} (tag {@code scope}: {@code account} when the caller's own
 * limit refused it, {@code main_account} when a subaccount's main account's limit did).
 */
public final class SessionRateLimiter {

    /**
     * A refused creation.
     *
     * @param retryAfter how long until the bucket that refused has a token
     * @param message    the error shown to the client
     */
    public record Refusal(Duration retryAfter, String message) {

        /** {@code Retry-After} on the wire: whole seconds, rounded up, at least 1. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    private final AccountLimits limits;
    private final TokenBuckets buckets;
    private final Counter ownLimit;
    private final Counter mainLimit;

    SessionRateLimiter(AccountLimits limits, TokenBuckets buckets, MeterRegistry meters) {
        this.limits = limits;
        this.buckets = buckets;
        this.ownLimit = counter(meters, "account");
        this.mainLimit = counter(meters, "main_account");
    }

    private static Counter counter(MeterRegistry meters, String scope) {
        return Counter.builder("veil.sessions.rate_limited").tag("scope", scope)
                .description("Session creations refused with 429 by an account's rate limit").register(meters);
    }

    /** Takes a token for the tenant's session creation; emits the refusal when a bucket is empty. */
    public Mono<Optional<Refusal>> admit(Tenant tenant) {
        String whose = tenant.isSubaccount() ? "subaccount" : "account";
        Mono<Optional<Refusal>> own = take(tenant.authId(), "the session creation limit of this " + whose, ownLimit);
        if (!tenant.isSubaccount()) {
            return own;
        }
        return own.flatMap(refused -> refused.isPresent() ? Mono.just(refused)
                : take(tenant.mainAccountId(), "the session creation limit of its main account", mainLimit));
    }

    private Mono<Optional<Refusal>> take(String authId, String what, Counter refusals) {
        return limits.cached(authId)
                .map(l -> buckets.tryTake("sessions:" + authId, new TokenBuckets.Limit(l.sessionsPerSecond(),
                                l.sessionsBurst()))
                        .map(wait -> {
                            refusals.increment();
                            return new Refusal(wait, "Too many requests: " + what + " is "
                                    + rate(l.sessionsPerSecond()) + " per second (burst " + l.sessionsBurst()
                                    + "). Retry after the time in Retry-After.");
                        }))
                .defaultIfEmpty(Optional.empty());
    }

    private static String rate(double perSecond) {
        BigDecimal rate = BigDecimal.valueOf(perSecond).stripTrailingZeros();
        return (rate.scale() < 0 ? rate.setScale(0) : rate).toPlainString();
    }
}
