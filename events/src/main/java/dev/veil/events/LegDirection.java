package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A leg's direction as the carrier sees it: the caller's leg into the VN, or the leg Veil dials out. */
public enum LegDirection {
    @JsonProperty("inbound") INBOUND,
    @JsonProperty("outbound") OUTBOUND,
    /** A value a newer producer added. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
