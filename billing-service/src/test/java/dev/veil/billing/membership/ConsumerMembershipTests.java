package dev.veil.billing.membership;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerMembershipTests {

    @Test
    void anInstanceIdMakesEachBindingAStaticMemberWithTheShortSessionTimeout() {
        Map<String, Object> configuration = new HashMap<>();

        new ConsumerMembership(" billing-7f9c ", Duration.ofSeconds(10), Duration.ofSeconds(3))
                .applyTo(configuration, "onCallEvents-in-0");

        assertThat(configuration).containsExactlyInAnyOrderEntriesOf(Map.of(
                "group.instance.id", "billing-7f9c-onCallEvents-in-0",
                "session.timeout.ms", 10_000,
                "heartbeat.interval.ms", 3_000));
    }

    @Test
    void withoutAnInstanceIdTheConsumersStayDynamicMembers() {
        Map<String, Object> configuration = new HashMap<>();
        ConsumerMembership membership = new ConsumerMembership("  ", Duration.ofSeconds(8), Duration.ofSeconds(2));

        membership.applyTo(configuration, "onSessionEvents-in-0");

        assertThat(membership.isStatic()).isFalse();
        assertThat(configuration).doesNotContainKey("group.instance.id")
                .containsEntry("session.timeout.ms", 8_000).containsEntry("heartbeat.interval.ms", 2_000);
    }

    @Test
    void aHeartbeatNotShorterThanTheSessionTimeoutIsRefused() {
        assertThatThrownBy(() -> new ConsumerMembership("b", Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .hasMessageStartingWith("veil.billing.consumers:").hasMessageContaining("heartbeat-interval");
        assertThatThrownBy(() -> new ConsumerMembership("b", Duration.ofSeconds(10), Duration.ZERO))
                .hasMessageContaining("must be positive");
    }
}
