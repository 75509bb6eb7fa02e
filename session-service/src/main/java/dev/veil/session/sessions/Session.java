package dev.veil.session.sessions;

import dev.veil.events.SessionState;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A masked session as stored. Numbers are E.164 with {@code +}; URLs are {@code ""} when not set.
 *
 * @param callTimeLimit           longest call leg, seconds
 * @param ringTimeout             how long a dialled party may ring, seconds
 * @param totalCallCount          billed calls
 * @param totalCallAmount         charges of the billed calls, USD
 * @param totalCallBilledDuration billed seconds of the billed calls, over all their legs
 * @param lastInteractionTime     end of the latest call, null before one ended
 */
public record Session(
        UUID sessionUuid,
        String accountId,
        String firstParty,
        String secondParty,
        String virtualNumber,
        SessionStatus status,
        boolean geomatch,
        int callTimeLimit,
        int ringTimeout,
        boolean record,
        String recordFileFormat,
        String callbackUrl,
        String callbackMethod,
        String recordingCallbackUrl,
        String recordingCallbackMethod,
        Instant createdTime,
        Instant modifiedTime,
        Instant expiryTime,
        int totalCallCount,
        BigDecimal totalCallAmount,
        long totalCallBilledDuration,
        @Nullable Instant lastInteractionTime) {

    /**
     * The routing state that session events and the route lookup carry. Its status is {@code active} or
     * {@code expired} only: a session with a call under way routes calls like any active one.
     */
    public SessionState state() {
        String routingStatus = status == SessionStatus.EXPIRED ? SessionStatus.EXPIRED.wireName()
                : SessionStatus.ACTIVE.wireName();
        return new SessionState(accountId, firstParty, secondParty, virtualNumber, routingStatus, callTimeLimit,
                ringTimeout, createdTime, expiryTime, record, recordFileFormat);
    }
}
