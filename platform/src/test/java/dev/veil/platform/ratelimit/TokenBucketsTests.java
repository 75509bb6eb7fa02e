package dev.veil.platform.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTests {

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final TokenBuckets buckets = new TokenBuckets(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aKeyTakesItsBurstThenWaitsForTheRateAndKeysAreIndependent() {
        TokenBuckets.Limit twoPerSecond = new TokenBuckets.Limit(2, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryTake("MA1", twoPerSecond)).isEmpty();
        }
        assertThat(buckets.tryTake("MA1", twoPerSecond)).contains(Duration.ofMillis(500));
        assertThat(buckets.tryTake("MA2", twoPerSecond)).isEmpty();

        now = now.plusMillis(500);
        assertThat(buckets.tryTake("MA1", twoPerSecond)).isEmpty();
        assertThat(buckets.tryTake("MA1", twoPerSecond)).isPresent();

        now = now.plusSeconds(60);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryTake("MA1", twoPerSecond)).as("refilled to the burst, not beyond").isEmpty();
        }
        assertThat(buckets.tryTake("MA1", twoPerSecond)).isPresent();
    }

    @Test
    void unlimitedNeverRefuses() {
        for (int i = 0; i < 1000; i++) {
            assertThat(buckets.tryTake("MA1", TokenBuckets.Limit.UNLIMITED)).isEmpty();
        }
    }
}
