package dev.veil.events;

/**
 * How a session's calls are routed beyond bridging its two parties (PLIVO_API.md §1.2, §4, §5).
 *
 * @param initiateCallToFirstParty   request-a-call: on creation the first party is called from the VN and then
 *                                   bridged to the second
 * @param firstPartyPlayUrl          audio played to the first party before connecting; null when none
 * @param secondPartyPlayUrl         audio played to the second party before connecting; null when none
 * @param singleParty                created with {@code create_session_with_single_party}: one party may be missing
 * @param unknownCallerPlay          audio played to a caller who is not a party when PIN authentication is off;
 *                                   null when none (the call is rejected)
 * @param virtualNumberCooloffPeriod seconds the session's bindings stay reserved after it expires
 * @param pin                        PIN authentication settings; null when PIN authentication is off
 */
public record RoutingOptions(
        boolean initiateCallToFirstParty,
        String firstPartyPlayUrl,
        String secondPartyPlayUrl,
        boolean singleParty,
        String unknownCallerPlay,
        int virtualNumberCooloffPeriod,
        PinAuthentication pin) {

    /** No option set. */
    public static final RoutingOptions NONE = new RoutingOptions(false, null, null, false, null, 0, null);
}
