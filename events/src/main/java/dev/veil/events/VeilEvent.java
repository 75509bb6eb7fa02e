package dev.veil.events;

/** An event of Veil's; all but {@link CallerBlocked} belong to a session, whose uuid is its Kafka key. */
public sealed interface VeilEvent
        permits SessionCreated, SessionUpdated, SessionExpired, InteractionStarted, CallLegChanged, PinAuthenticated,
        CallEnded, CallBilled, SessionCharged, RecordingStarted, RecordingCompleted, RecordingFailed,
        RecordingDeleted, CallerBlocked {

    /** The session this event belongs to; null for an event outside any session ({@link CallerBlocked}). */
    String sessionUuid();

    /** The Kafka record key: the session uuid, so a session's events keep their order on one partition. */
    default String key() {
        return sessionUuid();
    }

    /** The event's type, which gives its wire name and topic. */
    default EventType eventType() {
        return EventType.of(getClass());
    }
}
