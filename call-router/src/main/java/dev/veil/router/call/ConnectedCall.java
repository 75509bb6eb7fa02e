package dev.veil.router.call;

import dev.veil.events.PartyRole;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.index.Route;

/**
 * A call Veil bridged, as its answer row in the webhook log keeps it: enough to repeat the same instruction to a
 * repeated answer webhook, and to describe the call's legs when it ends, whatever the session became meanwhile.
 *
 * @param callerCountry ISO 3166 alpha-2 country of the caller
 */
record ConnectedCall(
        String sessionUuid,
        String accountId,
        PartyRole callerRole,
        String callerCountry,
        PhoneNumber virtualNumber,
        PhoneNumber otherParty,
        int callTimeLimit,
        int ringTimeout) {

    static ConnectedCall of(Route route) {
        return new ConnectedCall(route.sessionUuid(), route.accountId(), route.callerRole(),
                route.caller().country(), route.virtualNumber(), route.otherParty(), route.callTimeLimit(),
                route.ringTimeout());
    }

    CallInstruction.Connect instruction() {
        return new CallInstruction.Connect(virtualNumber, otherParty, callTimeLimit, ringTimeout);
    }
}
