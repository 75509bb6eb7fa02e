package dev.veil.events;

import java.time.Instant;

/**
 * A call to a session's virtual number was answered by Veil and is being bridged; published by call-router.
 * Carries no phone number: the caller is named by role.
 *
 * @param callUuid  the carrier's id of the inbound (A) leg; identifies the interaction
 * @param caller    which party called
 * @param startTime when the carrier asked Veil to route the call
 */
public record InteractionStarted(
        String sessionUuid, String accountId, String callUuid, PartyRole caller, Instant startTime)
        implements VeilEvent {
}
