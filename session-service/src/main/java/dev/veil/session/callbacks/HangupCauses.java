package dev.veil.session.callbacks;

import java.util.Map;
import java.util.Optional;

/** Q.850 cause codes of the carrier's hangup cause names, for {@code PlivoHangupCauseCode}. */
final class HangupCauses {

    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("UNALLOCATED_NUMBER", 1),
            Map.entry("NORMAL_CLEARING", 16),
            Map.entry("USER_BUSY", 17),
            Map.entry("NO_USER_RESPONSE", 18),
            Map.entry("NO_ANSWER", 19),
            Map.entry("CALL_REJECTED", 21),
            Map.entry("NUMBER_CHANGED", 22),
            Map.entry("DESTINATION_OUT_OF_ORDER", 27),
            Map.entry("INVALID_NUMBER_FORMAT", 28),
            Map.entry("NORMAL_UNSPECIFIED", 31),
            Map.entry("NORMAL_CIRCUIT_CONGESTION", 34),
            Map.entry("NETWORK_OUT_OF_ORDER", 38),
            Map.entry("NORMAL_TEMPORARY_FAILURE", 41),
            Map.entry("RECOVERY_ON_TIMER_EXPIRE", 102),
            Map.entry("ORIGINATOR_CANCEL", 487),
            Map.entry("ALLOTTED_TIMEOUT", 602));

    private HangupCauses() {
    }

    /** The code of a cause name; empty for a name without one. */
    static Optional<Integer> code(String cause) {
        return Optional.ofNullable(CODES.get(cause));
    }
}
