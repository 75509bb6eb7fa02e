package dev.veil.carrier.call;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a call leg ended. */
public enum LegStatus {
    /** It was answered and then hung up. */
    COMPLETED("completed"),
    /** A dialled phone was busy. */
    BUSY("busy"),
    /** A dialled phone rang until the Dial's timeout. */
    NO_ANSWER("no-answer"),
    /** The application ended the caller's leg without answering it ({@code <Hangup>} or an empty response). */
    REJECTED("rejected"),
    /** The caller's leg ended unanswered because a webhook failed or the XML was invalid. */
    FAILED("failed");

    private final String wire;

    LegStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
