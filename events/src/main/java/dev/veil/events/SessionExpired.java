package dev.veil.events;

import java.time.Instant;

/**
 * A session stopped routing calls: its expiry time passed or the customer expired it. Published by
 * session-service; allocation-service releases the session's bindings after the cool-off.
 *
 * @param reason {@code timeout} when its expiry time passed, {@code api} when expired through the API,
 *               {@code erased} when a data-erasure request named one of its parties: the state then carries no
 *               party number, and every service deletes what it holds of the session's numbers and recordings
 */
public record SessionExpired(String sessionUuid, SessionState session, String reason, Instant occurredAt)
        implements VeilEvent {
}
