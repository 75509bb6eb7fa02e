package dev.veil.events;

import java.time.Instant;

/**
 * A caller typed too many wrong PINs across a virtual number's sessions and is refused on that number until
 * {@code blockedUntil}; published by call-router. Belongs to no session: keyed by the virtual number. Registered
 * parties of the number's live sessions are never blocked.
 *
 * @param accountId     the account owning the virtual number
 * @param virtualNumber the number the caller dialled, E.164 with {@code +}
 * @param callUuid      the call on which the limit was reached
 * @param callerIndex   blind index of the caller's number (see {@link PartyNumber#index()})
 * @param callerCountry ISO 3166 alpha-2 country of the caller's number; null when unknown
 * @param failedPins    wrong PINs counted in the window that led to the block
 * @param blockedUntil  when the caller may try again
 * @param occurredAt    when the block started
 */
public record CallerBlocked(
        String accountId,
        String virtualNumber,
        String callUuid,
        String callerIndex,
        String callerCountry,
        int failedPins,
        Instant blockedUntil,
        Instant occurredAt) implements VeilEvent {

    /** Always null: the caller matched no session. */
    @Override
    public String sessionUuid() {
        return null;
    }

    /** The virtual number, so the blocks of one number stay in order. */
    @Override
    public String key() {
        return virtualNumber;
    }
}
