package dev.veil.events;

/** An event of Veil's; every one belongs to a session, whose uuid is its Kafka key. */
public sealed interface VeilEvent
        permits SessionCreated, SessionUpdated, SessionExpired, InteractionStarted, CallLegChanged, PinAuthenticated,
        CallEnded, CallBilled, SessionCharged, RecordingStarted, RecordingCompleted, RecordingFailed,
        RecordingDeleted {

    /** The session this event belongs to; the record key, so a session's events keep their order. */
    String sessionUuid();

    /** The event's type, which gives its wire name and topic. */
    default EventType eventType() {
        return EventType.of(getClass());
    }
}
