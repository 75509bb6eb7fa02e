package dev.veil.events;

import java.time.Instant;

/**
 * A caller's PIN check finished; published by call-router. Carries no phone number.
 *
 * @param callUuid    the inbound (A) leg
 * @param outcome     success, failed or AuthorizedCaller
 * @param retryCount  wrong PINs typed before the outcome
 * @param occurredAt  when the check finished
 */
public record PinAuthenticated(
        String sessionUuid, String accountId, String callUuid, PinOutcome outcome, int retryCount,
        Instant occurredAt) implements VeilEvent {
}
