package dev.veil.router.index;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code routingIndex}: UP once the index has read {@code veil.session.v2} up to where the topic ended at
 * start-up, DOWN while it is still catching up. Part of the readiness group, so a router is not put in front of
 * the carrier before it can route from memory (it still routes meanwhile, through session-service).
 */
final class RoutingIndexHealthIndicator implements HealthIndicator {

    private final SessionTopicReader reader;
    private final RoutingIndex index;

    RoutingIndexHealthIndicator(SessionTopicReader reader, RoutingIndex index) {
        this.reader = reader;
        this.index = index;
    }

    @Override
    public Health health() {
        return (reader.caughtUp() ? Health.up() : Health.down())
                .withDetail("caughtUp", reader.caughtUp())
                .withDetail("recordsRead", reader.recordsRead())
                .withDetail("sessions", index.sessionCount())
                .withDetail("routes", index.routeCount())
                .build();
    }
}
