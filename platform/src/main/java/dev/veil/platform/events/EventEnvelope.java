package dev.veil.platform.events;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The envelope of DESIGN.md, carried in Kafka headers (CloudEvents binary mode).
 *
 * @param id            unique per event; consumers deduplicate on it
 * @param type          the wire type name
 * @param schemaVersion schema version of the payload
 * @param source        producing service
 * @param time          when the fact happened
 * @param subject       the session uuid (also the record key)
 * @param correlationId ties events of one request or call together
 */
public record EventEnvelope(
        UUID id, String type, int schemaVersion, String source, Instant time, String subject, String correlationId) {

    public static EventEnvelope of(EventType type, String source, Instant time, String subject, String correlationId) {
        return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.schemaVersion(), source, time, subject,
                correlationId);
    }

    /** The envelope as Kafka headers. */
    public List<Header> toHeaders() {
        List<Header> headers = new ArrayList<>();
        toMap().forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }

    /** The envelope as header name to value. */
    public Map<String, String> toMap() {
        return Map.of(
                EventHeaders.ID, id.toString(),
                EventHeaders.TYPE, type,
                EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE,
                EventHeaders.SCHEMA_VERSION, Integer.toString(schemaVersion),
                EventHeaders.SOURCE, source,
                EventHeaders.TIME, time.toString(),
                EventHeaders.SUBJECT, subject,
                EventHeaders.CORRELATION_ID, correlationId,
                EventHeaders.CONTENT_TYPE, "application/json");
    }

    /** Reads an envelope from Kafka headers. */
    public static EventEnvelope fromHeaders(Headers headers) {
        return fromLookup(name -> {
            Header h = headers.lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        });
    }

    /** Reads an envelope from message headers whose values are strings or raw bytes. */
    public static EventEnvelope fromMessageHeaders(Map<String, Object> headers) {
        return fromLookup(name -> switch (headers.get(name)) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Object o -> o.toString();
        });
    }

    private static EventEnvelope fromLookup(java.util.function.Function<String, String> header) {
        String id = require(header, EventHeaders.ID);
        String version = header.apply(EventHeaders.SCHEMA_VERSION);
        String time = header.apply(EventHeaders.TIME);
        return new EventEnvelope(UUID.fromString(id), require(header, EventHeaders.TYPE),
                version == null ? 1 : Integer.parseInt(version), header.apply(EventHeaders.SOURCE),
                time == null ? null : Instant.parse(time), header.apply(EventHeaders.SUBJECT),
                header.apply(EventHeaders.CORRELATION_ID));
    }

    private static String require(java.util.function.Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("event without header " + name);
        }
        return value;
    }
}
