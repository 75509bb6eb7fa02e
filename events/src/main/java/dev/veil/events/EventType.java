package dev.veil.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type: its stable wire name, schema version, topic and record class. */
public enum EventType {
    SESSION_CREATED("SessionCreated", 1, Topics.SESSION, SessionCreated.class),
    SESSION_UPDATED("SessionUpdated", 1, Topics.SESSION, SessionUpdated.class),
    SESSION_EXPIRED("SessionExpired", 1, Topics.SESSION, SessionExpired.class),
    INTERACTION_STARTED("InteractionStarted", 1, Topics.CALL, InteractionStarted.class),
    CALL_LEG_CHANGED("CallLegChanged", 1, Topics.CALL, CallLegChanged.class),
    PIN_AUTHENTICATED("PinAuthenticated", 1, Topics.CALL, PinAuthenticated.class),
    CALL_ENDED("CallEnded", 1, Topics.CALL, CallEnded.class),
    CALL_BILLED("CallBilled", 1, Topics.BILLING, CallBilled.class),
    SESSION_CHARGED("SessionCharged", 1, Topics.BILLING, SessionCharged.class),
    RECORDING_STARTED("RecordingStarted", 1, Topics.RECORDING, RecordingStarted.class),
    RECORDING_COMPLETED("RecordingCompleted", 1, Topics.RECORDING, RecordingCompleted.class),
    RECORDING_FAILED("RecordingFailed", 1, Topics.RECORDING, RecordingFailed.class),
    RECORDING_DELETED("RecordingDeleted", 1, Topics.RECORDING, RecordingDeleted.class),
    CALLER_BLOCKED("CallerBlocked", 1, Topics.CALL, CallerBlocked.class);

    private final String wireName;
    private final int schemaVersion;
    private final String topic;
    private final Class<? extends VeilEvent> recordClass;

    EventType(String wireName, int schemaVersion, String topic, Class<? extends VeilEvent> recordClass) {
        this.wireName = wireName;
        this.schemaVersion = schemaVersion;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    public String wireName() {
        return wireName;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends VeilEvent> recordClass() {
        return recordClass;
    }

    /** Classpath location of this type's JSON Schema. */
    public String schemaResource() {
        return "veil/events/schemas/" + wireName + ".schema.json";
    }

    /** Classpath location of this type's golden sample. */
    public String sampleResource() {
        return "veil/events/samples/" + wireName + ".json";
    }

    /** The type with this wire name, or empty for a type this version does not know (consumers skip those). */
    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    static EventType of(Class<?> recordClass) {
        return Arrays.stream(values()).filter(t -> t.recordClass == recordClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event record: " + recordClass.getName()));
    }
}
