package dev.veil.events;

/**
 * Kafka header names of the envelope, CloudEvents binary-mode style ({@code ce_} prefix). The payload is the event
 * record as JSON; everything that describes the event rather than the fact sits in these headers.
 */
public final class EventHeaders {
    /** Event id, a UUID; consumers deduplicate on it. */
    public static final String ID = "ce_id";
    /** Stable past-tense type name, for example {@code SessionCreated}; never a Java class name. */
    public static final String TYPE = "ce_type";
    /** CloudEvents spec version, always {@code 1.0}. */
    public static final String SPEC_VERSION = "ce_specversion";
    /** Service that produced the event, for example {@code session-service}. */
    public static final String SOURCE = "ce_source";
    /** When the fact happened, ISO-8601 UTC. */
    public static final String TIME = "ce_time";
    /** Subject: the session uuid, also the record key. */
    public static final String SUBJECT = "ce_subject";
    /** Schema version of the payload's type (additive changes keep it; a breaking change gets a new topic). */
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    /** Correlation id tying together events caused by one request or call. */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Payload content type, always {@code application/json}. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";

    private EventHeaders() {
    }
}
