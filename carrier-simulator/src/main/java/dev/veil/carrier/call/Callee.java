package dev.veil.carrier.call;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How the dialled party's phone behaves when a {@code <Dial>} rings it. */
public enum Callee {
    /** Picks up after the ring time (unless the Dial's timeout runs out first). */
    ANSWER("answer"),
    /** The line is busy: the Dial ends at once with {@code busy}, without ringing. */
    BUSY("busy"),
    /** Rings until the Dial's timeout, then the Dial ends with {@code no-answer}. */
    NO_ANSWER("no-answer");

    private final String wire;

    Callee(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The behaviour with this wire name, if any. */
    public static Optional<Callee> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }
}
