package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a call leg. */
public enum LegState {
    @JsonProperty("ringing") RINGING,
    @JsonProperty("answered") ANSWERED,
    @JsonProperty("hungup") HUNG_UP,
    /** A value a newer producer added. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
