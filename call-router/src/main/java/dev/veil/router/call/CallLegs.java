package dev.veil.router.call;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.LegDirection;
import dev.veil.router.call.CallReport.CallHungUp;
import dev.veil.router.call.CallReport.DialAnswered;
import dev.veil.router.call.CallReport.DialCompleted;
import dev.veil.router.call.CallReport.DialEnded;

import java.time.Instant;
import java.util.List;

/** Builds a finished call's {@link CallEnded} from what the webhook log holds about it. */
final class CallLegs {

    private CallLegs() {
    }

    /**
     * The call's end: the inbound leg as the hangup reports it, then the outbound leg as the dial's hangup event
     * reports it. An outbound leg the log has no hangup for (nobody answered, or the caller gave up first) is
     * included with zero durations, under the dialled leg's id when the carrier gave one.
     *
     * @param connected  the call as it was bridged
     * @param hungUp     the inbound leg's hangup
     * @param dial       the dial reports logged for the call, in any order
     * @param answeredAt when the call was answered, the start time when the carrier gave none
     * @param hungUpAt   when the hangup arrived, the end time when the carrier gave none
     */
    static CallEnded ended(ConnectedCall connected, CallHungUp hungUp, List<CallReport> dial, Instant answeredAt,
            Instant hungUpAt) {
        CallLeg inbound = new CallLeg(hungUp.callUuid(), connected.callerDirection(), connected.callerRole(),
                connected.callerCountry(), hungUp.durationSeconds(), hungUp.billDurationSeconds(),
                hungUp.hangupCause());
        return new CallEnded(connected.sessionUuid(), connected.accountId(), hungUp.callUuid(),
                hungUp.startTime() == null ? answeredAt : hungUp.startTime(),
                hungUp.endTime() == null ? hungUpAt : hungUp.endTime(),
                List.of(inbound, outbound(connected, hungUp, dial)));
    }

    private static CallLeg outbound(ConnectedCall connected, CallHungUp hungUp, List<CallReport> dial) {
        var party = connected.callerRole().other();
        String country = connected.otherParty().country();
        for (CallReport report : dial) {
            if (report instanceof DialEnded ended) {
                return new CallLeg(ended.bLegUuid(), LegDirection.OUTBOUND, party, country,
                        ended.durationSeconds(), ended.billDurationSeconds(), ended.hangupCause());
            }
        }
        String bLeg = null;
        String cause = hungUp.hangupCause();
        for (CallReport report : dial) {
            switch (report) {
                case DialAnswered answered -> bLeg = bLeg == null ? answered.bLegUuid() : bLeg;
                case DialCompleted completed -> {
                    bLeg = completed.bLegUuid() == null ? bLeg : completed.bLegUuid();
                    cause = completed.hangupCause().isEmpty() ? cause : completed.hangupCause();
                }
                default -> {
                }
            }
        }
        // Without a carrier id for the dialled leg, one derived from the call keeps each leg's id unique for billing.
        return new CallLeg(bLeg == null ? outboundLegId(hungUp.callUuid()) : bLeg, LegDirection.OUTBOUND, party,
                country, 0, 0, cause);
    }

    /** The id Veil gives the dialled leg until (or unless) the carrier names it: derived from the A leg. */
    static String outboundLegId(String callUuid) {
        return callUuid + "-outbound";
    }
}
