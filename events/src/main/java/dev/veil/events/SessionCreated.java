package dev.veil.events;

import java.time.Instant;

/** A session was created and its virtual number allocated; published by session-service. */
public record SessionCreated(String sessionUuid, SessionState session, Instant occurredAt) implements VeilEvent {
}
