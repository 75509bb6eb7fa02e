package dev.veil.carrier.call;

import com.fasterxml.jackson.annotation.JsonValue;

/** Direction of a call leg as the carrier sees it: the caller's leg comes in, a dialled leg goes out. */
public enum LegDirection {
    INBOUND("inbound"),
    OUTBOUND("outbound");

    private final String wire;

    LegDirection(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
