package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Where a call from one party of a session to the session's virtual number goes.
 *
 * @param session    the session the call belongs to
 * @param callerRole which party is calling
 * @param caller     the calling party's number
 * @param otherParty the party to dial; null when a single-party session's party calls before anyone called it
 */
public record Route(IndexedSession session, PartyRole callerRole, PhoneNumber caller,
        @Nullable PhoneNumber otherParty) {

    public String sessionUuid() {
        return session.sessionUuid();
    }

    public String accountId() {
        return session.accountId();
    }

    public PhoneNumber virtualNumber() {
        return session.virtualNumber();
    }

    /** Longest call leg, seconds. */
    public int callTimeLimit() {
        return session.callTimeLimit();
    }

    /** How long the other party may ring, seconds. */
    public int ringTimeout() {
        return session.ringTimeout();
    }

    public Instant expiryTime() {
        return Instant.ofEpochMilli(session.expiresAtMillis());
    }

    /** Whether the route may still be used at {@code now}. */
    public boolean liveAt(Instant now) {
        return session.liveAt(now);
    }
}
