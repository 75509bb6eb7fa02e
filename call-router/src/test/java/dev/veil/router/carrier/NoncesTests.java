package dev.veil.router.carrier;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class NoncesTests {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    final Clock clock = new Clock() {
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
            return now.get();
        }
    };

    @Test
    void aNonceIsAcceptedOnceWithinTheWindowAndForgottenAfterIt() {
        Nonces nonces = new Nonces(clock, Duration.ofMinutes(10));

        assertThat(nonces.firstUse("a")).isTrue();
        assertThat(nonces.firstUse("a")).isFalse();
        assertThat(nonces.firstUse("b")).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(9)));
        assertThat(nonces.firstUse("a")).isFalse();

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(nonces.firstUse("c")).isTrue();
        assertThat(nonces.size()).as("expired nonces swept").isEqualTo(1);
        assertThat(nonces.firstUse("a")).isTrue();
    }

    @Test
    void aNonceUsedAgainAfterTheWindowIsRememberedForAWholeNewWindow() {
        Nonces nonces = new Nonces(clock, Duration.ofMinutes(10));
        assertThat(nonces.firstUse("a")).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(10)).plusMillis(1));
        assertThat(nonces.firstUse("a")).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(9)));
        assertThat(nonces.firstUse("b")).isTrue();
        assertThat(nonces.firstUse("a")).isFalse();
        assertThat(nonces.size()).isEqualTo(2);
    }

    @Test
    void manyNoncesOverASlidingWindowAreRememberedAndForgottenAsAMapOfTheirExpiriesWould() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(10));
        Map<String, Instant> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Up to 20,000 nonces in a window, then a quiet stretch: the table and ring grow and shrink.
            now.set(now.get().plusMillis(i % 50_000 < 40_000 ? 1 : 5));
            String nonce = "n" + random.nextInt(i % 3 == 0 ? 100 : 1_000_000);
            Instant seenUntil = model.get(nonce);
            boolean expected = seenUntil == null || seenUntil.isBefore(now.get());
            if (expected) {
                model.put(nonce, now.get().plusSeconds(10));
            }
            assertThat(nonces.firstUse(nonce)).as("use %d of %s", i, nonce).isEqualTo(expected);
        }
        model.values().removeIf(until -> until.isBefore(now.get()));
        assertThat(nonces.size()).isEqualTo(model.size());
    }
}
