package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.platform.phone.PhoneNumber;

import java.time.Instant;

/**
 * Where a call from one party of a session to the session's virtual number goes.
 *
 * @param sessionUuid   the session the call belongs to
 * @param accountId     the account (or subaccount) that owns the session
 * @param callerRole    which party is calling
 * @param caller        the calling party's number
 * @param virtualNumber the number called, shown to the other party as caller id
 * @param otherParty    the party to dial
 * @param callTimeLimit longest call leg, seconds
 * @param ringTimeout   how long the other party may ring, seconds
 * @param expiryTime    when the session stops routing calls
 */
public record Route(
        String sessionUuid,
        String accountId,
        PartyRole callerRole,
        PhoneNumber caller,
        PhoneNumber virtualNumber,
        PhoneNumber otherParty,
        int callTimeLimit,
        int ringTimeout,
        Instant expiryTime) {

    /** Whether the route may still be used at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiryTime);
    }
}
