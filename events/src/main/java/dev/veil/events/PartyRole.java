package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Which party of a session a call leg connects. */
public enum PartyRole {
    @JsonProperty("first_party") FIRST_PARTY,
    @JsonProperty("second_party") SECOND_PARTY,
    /** A value a newer producer added. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The other party of a two-party session. */
    public PartyRole other() {
        return switch (this) {
            case FIRST_PARTY -> SECOND_PARTY;
            case SECOND_PARTY -> FIRST_PARTY;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
