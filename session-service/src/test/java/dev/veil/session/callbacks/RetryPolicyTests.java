package dev.veil.session.callbacks;

import dev.veil.session.SessionProperties.Callbacks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static RetryPolicy policy(double random) {
        return new RetryPolicy(new Callbacks(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofMillis(200), 64, false, Duration.ofSeconds(2), Duration.ofMinutes(1)),
                () -> random);
    }

    @Test
    void backsOffExponentiallyWithHalfOfEachWaitJitteredUpToTheCap() {
        assertThat(policy(0).next(1, START, START)).contains(START.plusMillis(2500));
        assertThat(policy(0.999999).next(1, START, START).orElseThrow()).isBetween(START.plusMillis(4999),
                START.plusMillis(5000));
        assertThat(policy(0).next(3, START, START)).contains(START.plusSeconds(10));
        assertThat(policy(0).next(20, START, START)).contains(START.plus(Duration.ofMinutes(30)));
        assertThat(policy(0).next(200, START, START)).contains(START.plus(Duration.ofMinutes(30)));
    }

    @Test
    void theLastAttemptIsAtTheEndOfTheWindowAndNoneAfterIt() {
        Instant late = START.plus(Duration.ofHours(24)).minusSeconds(60);
        assertThat(policy(0).next(30, START, late)).contains(START.plus(Duration.ofHours(24)));
        assertThat(policy(0).next(31, START, START.plus(Duration.ofHours(24)))).isEmpty();
    }
}
