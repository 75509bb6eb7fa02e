package dev.veil.router.call;

import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.index.IndexedSession;
import org.jspecify.annotations.Nullable;

/**
 * A call Veil bridged, as its row in the webhook log keeps it: enough to repeat the same instruction to a repeated
 * webhook, and to describe the call's legs when it ends, whatever the session became meanwhile.
 *
 * @param callerCountry   ISO 3166 alpha-2 country of the party on the carrier's A leg
 * @param callerDirection the A leg's direction: inbound when the party called the VN, outbound for request-a-call
 */
record ConnectedCall(
        String sessionUuid,
        String accountId,
        PartyRole callerRole,
        String callerCountry,
        LegDirection callerDirection,
        PhoneNumber virtualNumber,
        PhoneNumber otherParty,
        int callTimeLimit,
        int ringTimeout,
        @Nullable String callerPlayUrl,
        @Nullable String calleePlayUrl,
        @Nullable String recordFileFormat) {

    static ConnectedCall of(IndexedSession session, PartyRole callerRole, PhoneNumber caller, PhoneNumber otherParty,
            LegDirection callerDirection) {
        return new ConnectedCall(session.sessionUuid(), session.accountId(), callerRole, caller.country(),
                callerDirection, session.virtualNumber(), otherParty, session.callTimeLimit(),
                session.ringTimeout(), session.playUrl(callerRole), session.playUrl(callerRole.other()),
                session.recordFileFormat());
    }

    CallInstruction.Connect instruction() {
        return new CallInstruction.Connect(virtualNumber, otherParty, callTimeLimit, ringTimeout, callerPlayUrl,
                calleePlayUrl, recordFileFormat == null ? null
                        : new CallInstruction.Recording(recordFileFormat, sessionUuid, accountId));
    }
}
