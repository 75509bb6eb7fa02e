package dev.veil.events;

import java.time.Instant;

/**
 * A session stopped routing calls: its expiry time passed or the customer expired it. Published by
 * session-service; allocation-service releases the session's bindings after the cool-off.
 *
 * @param reason {@code timeout} when its expiry time passed, {@code api} when expired through the API
 */
public record SessionExpired(String sessionUuid, SessionState session, String reason, Instant occurredAt)
        implements VeilEvent {
}
