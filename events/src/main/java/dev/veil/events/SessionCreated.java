package dev.veil.events;

import java.time.Instant;

/**
 * A session was created and its virtual number allocated; published by session-service.
 *
 * @param session    the session's routing state as created
 * @param occurredAt when the session was created
 */
public record SessionCreated(String sessionUuid, SessionState session, Instant occurredAt) implements VeilEvent {
}
