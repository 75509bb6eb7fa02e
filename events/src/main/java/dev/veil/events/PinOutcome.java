package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Outcome of a PIN check, named as Plivo's {@code PinAuthenticationStatus}. */
public enum PinOutcome {
    /** The caller typed the PIN of a party and was connected to the other party. */
    @JsonProperty("success") SUCCESS,
    /** The caller used up every try without a matching PIN, or typed nothing. */
    @JsonProperty("failed") FAILED,
    /** A registered party called and was connected without a PIN. */
    @JsonProperty("AuthorizedCaller") AUTHORIZED_CALLER,
    /** A value a newer producer added. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
