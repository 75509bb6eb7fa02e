package dev.veil.router.limits;

import dev.veil.platform.ratelimit.TokenBuckets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured default limit applies while session-service cannot be reached, and is kept meanwhile. */
class AccountCallLimitsTests {

    @Test
    void unreachableSessionServiceMeansTheDefaultLimit() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AccountCallLimits limits = new AccountCallLimits(WebClient.create("http://127.0.0.1:" + closedPort),
                new TokenBuckets(Clock.systemUTC()), new TokenBuckets.Limit(0.001, 2), Duration.ofMinutes(1),
                Duration.ofSeconds(2), Clock.systemUTC(), meters);

        assertThat(limits.tryStart("MAUNREACHABLE").blockOptional()).isEmpty();
        assertThat(limits.tryStart("MAUNREACHABLE").blockOptional()).isEmpty();
        assertThat(limits.tryStart("MAUNREACHABLE").blockOptional()).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThan(Duration.ofSeconds(1)));
        assertThat(meters.counter("veil.router.limits.lookups", "outcome", "failed").count())
                .as("asked once, then the default is kept").isEqualTo(1);
    }
}
