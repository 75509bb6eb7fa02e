package dev.veil.events;

import java.time.Instant;

/**
 * A live session was changed through the API (expiry, limits, recording, play URLs, a single-party session's
 * missing party); published by session-service with the whole new state.
 */
public record SessionUpdated(String sessionUuid, SessionState session, Instant occurredAt) implements VeilEvent {
}
