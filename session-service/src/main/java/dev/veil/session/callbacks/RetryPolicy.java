package dev.veil.session.callbacks;

import dev.veil.session.SessionProperties.Callbacks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed callback is tried again: exponential backoff from {@code initialBackoff}, doubling per attempt up
 * to {@code maxBackoff}, of which a random half is jitter (so callbacks that failed together do not return
 * together), until {@code maxAge} after the callback was created or replayed. The attempt at that moment is the
 * last; after it the callback is dead.
 */
final class RetryPolicy {

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxAge;
    private final DoubleSupplier random;

    RetryPolicy(Callbacks config, DoubleSupplier random) {
        this.initialBackoff = config.initialBackoff();
        this.maxBackoff = config.maxBackoff();
        this.maxAge = config.maxAge();
        this.random = random;
    }

    /**
     * When to try again after failed attempt number {@code attempt} (1 for the first), or empty when that was the
     * last attempt.
     */
    Optional<Instant> next(int attempt, Instant retryFrom, Instant now) {
        Instant deadline = retryFrom.plus(maxAge);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        long base = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long delay = attempt - 1 >= 62 || base << (attempt - 1) >= cap || base << (attempt - 1) <= 0
                ? cap : base << (attempt - 1);
        long jittered = delay / 2 + (long) (random.getAsDouble() * (delay - delay / 2));
        Instant next = now.plusMillis(jittered);
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
