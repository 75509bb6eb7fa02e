package dev.veil.platform.events;

import dev.veil.events.EventType;
import dev.veil.events.VeilEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns event records into their JSON payload and back. Reading tolerates what additive schema evolution adds:
 * unknown fields are ignored, missing primitive fields read as zero or false, and unknown enum values read as
 * the enum's {@code unknown} constant.
 */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // An int or boolean field added to a record must not make older events unreadable.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    public byte[] encode(VeilEvent event) {
        return mapper.writeValueAsBytes(event);
    }

    public String encodeToString(VeilEvent event) {
        return mapper.writeValueAsString(event);
    }

    public VeilEvent decode(EventType type, byte[] payload) {
        return mapper.readValue(payload, type.recordClass());
    }
}
