package dev.veil.carrier.records;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * One call as a simulated phone saw it.
 *
 * @param callUuid      the call's (A leg) CallUUID, for {@code GET /sim/v1/calls/{call_uuid}}
 * @param legUuid       the CallUUID of this phone's own leg
 * @param direction     outgoing when this phone called, incoming when it was called
 * @param from          who called: this phone for outgoing calls, the caller ID shown for incoming ones
 * @param to            who was called: the number dialled for outgoing calls, this phone for incoming ones
 * @param callerIdShown the caller ID displayed on this phone for incoming calls; null for outgoing ones
 * @param startedAt     when it started ringing (simulated clock)
 * @param answered      whether the call was answered
 * @param duration      seconds from answer to hangup, 0 when not answered
 * @param heard         what this phone heard, in order: {@code <Play>} URLs and {@code <Speak>} texts
 * @param digitsTyped   the keys typed on this phone, one entry per prompt answered
 */
public record PhoneCall(String callUuid, String legUuid, Direction direction, String from, String to,
        @Nullable String callerIdShown, Instant startedAt, boolean answered, long duration, List<String> heard,
        List<String> digitsTyped) {

    public PhoneCall {
        heard = List.copyOf(heard);
        digitsTyped = List.copyOf(digitsTyped);
    }

    /** Which way the call went, from the phone's side. */
    public enum Direction {
        INCOMING("incoming"),
        OUTGOING("outgoing");

        private final String wire;

        Direction(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
