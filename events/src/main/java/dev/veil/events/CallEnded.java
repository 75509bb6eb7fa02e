package dev.veil.events;

import java.time.Instant;
import java.util.List;

/**
 * A masked call finished; published by call-router once the carrier reported the hangup of the inbound leg.
 * Billing rates each leg; session-service closes the interaction.
 *
 * @param callUuid the inbound (A) leg's id, which identifies the interaction
 * @param legs     every leg of the call, the inbound one first; an unanswered outbound leg has zero durations
 */
public record CallEnded(
        String sessionUuid,
        String accountId,
        String callUuid,
        Instant startTime,
        Instant endTime,
        List<CallLeg> legs) implements VeilEvent {

    public CallEnded {
        legs = List.copyOf(legs);
    }
}
