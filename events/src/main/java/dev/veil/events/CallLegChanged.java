package dev.veil.events;

import java.time.Instant;

/**
 * A leg of a masked call rang, was answered or hung up; published by call-router as the carrier reports it, so
 * callbacks and analytics can follow a call as it happens. Carries no phone number.
 *
 * @param callUuid    the inbound (A) leg, which identifies the interaction
 * @param legUuid     the leg that changed
 * @param party       the party the leg connects
 * @param direction   inbound or outbound
 * @param state       ringing, answered or hungup
 * @param hangupCause the carrier's hangup cause when {@code state} is hungup, else null
 * @param occurredAt  when the carrier reported it
 */
public record CallLegChanged(
        String sessionUuid, String accountId, String callUuid, String legUuid, PartyRole party,
        LegDirection direction, LegState state, String hangupCause, Instant occurredAt) implements VeilEvent {
}
