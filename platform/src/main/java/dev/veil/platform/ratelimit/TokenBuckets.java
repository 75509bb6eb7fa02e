package dev.veil.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token-bucket rate limits per key (an account, a subaccount), in memory: each key may take {@code burst} at once
 * and then {@code perSecond} on average. The limit is per replica of the service; with N replicas behind a balancer
 * an account gets up to N times the configured rate, so operators divide it by the replica count.
 */
public final class TokenBuckets {

    /**
     * A limit.
     *
     * @param perSecond tokens added per second; 0 or less means unlimited
     * @param burst     most tokens a key may hold (at least 1)
     */
    public record Limit(double perSecond, int burst) {

        /** No limit. */
        public static final Limit UNLIMITED = new Limit(0, 1);

        public boolean unlimited() {
            return perSecond <= 0;
        }
    }

    private record Bucket(double tokens, long atNanos) {
    }

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenBuckets(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a token from {@code key}'s bucket.
     *
     * @return empty when taken; else how long until a token is available (for {@code Retry-After})
     */
    public Optional<Duration> tryTake(String key, Limit limit) {
        if (limit.unlimited()) {
            return Optional.empty();
        }
        long now = nanos();
        Duration[] wait = {null};
        buckets.compute(key, (k, bucket) -> {
            double tokens = bucket == null ? limit.burst()
                    : Math.min(limit.burst(), bucket.tokens() + (now - bucket.atNanos()) / 1e9 * limit.perSecond());
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = Duration.ofNanos((long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9));
            return new Bucket(tokens, now);
        });
        return Optional.ofNullable(wait[0]);
    }

    private long nanos() {
        return Math.multiplyExact(clock.millis(), 1_000_000L);
    }
}
