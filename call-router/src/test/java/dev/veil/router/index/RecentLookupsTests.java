package dev.veil.router.index;

import dev.veil.router.index.RoutingIndexTests.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecentLookupsTests {

    MutableClock clock = new MutableClock(Instant.now());
    RecentLookups lookups = new RecentLookups(clock);

    @Test
    void aNumberIsAskedAtMostOncePerInterval() {
        assertThat(lookups.tryStart("+14155550100")).isTrue();
        assertThat(lookups.tryStart("+14155550100")).isFalse();
        assertThat(lookups.tryStart("+14155550101")).as("another number").isTrue();

        clock.advance(RecentLookups.INTERVAL.minusMillis(1));
        assertThat(lookups.tryStart("+14155550100")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(lookups.tryStart("+14155550100")).isTrue();
        assertThat(lookups.tryStart("+14155550100")).isFalse();
    }

    @Test
    void atMostCapacityNumbersAreRememberedAndAskedPerInterval() {
        for (int i = 0; i < RecentLookups.CAPACITY; i++) {
            assertThat(lookups.tryStart("+1415" + (5_000_000 + i))).isTrue();
        }
        assertThat(lookups.tryStart("+14159999999")).as("full: no lookup until the oldest age out").isFalse();

        clock.advance(RecentLookups.INTERVAL);
        assertThat(lookups.tryStart("+14159999999")).isTrue();
        assertThat(lookups.tryStart("+1415" + 5_000_000)).isTrue();
    }
}
