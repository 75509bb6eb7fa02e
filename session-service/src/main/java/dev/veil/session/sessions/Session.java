package dev.veil.session.sessions;

import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A masked session as the service works with it. Numbers are E.164 with {@code +} (in memory only: the table holds
 * them sealed, see {@link SessionRepository}); URLs are {@code ""} when not set.
 *
 * @param accountId               the account or subaccount that created the session
 * @param mainAccountId           the main account owning the number pool; sees the session
 * @param subaccount              the subaccount whose numbers the session uses (and who sees it); null when none
 * @param firstParty              null in a single-party session created without it, and once erased
 * @param secondParty             null in a single-party session created without it, and once erased
 * @param callTimeLimit           longest call leg, seconds
 * @param ringTimeout             how long a dialled party may ring, seconds
 * @param totalCallCount          billed calls
 * @param totalCallAmount         charges of the billed calls, USD
 * @param totalCallBilledDuration billed seconds of the billed calls, over all their legs
 * @param sessionFees             session fees charged ({@code SessionCharged}), USD
 * @param lastInteractionTime     end of the latest call, null before one ended
 */
public record Session(
        UUID sessionUuid,
        String accountId,
        String mainAccountId,
        @Nullable String subaccount,
        @Nullable String firstParty,
        @Nullable String secondParty,
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
        SessionOptions options,
        Instant createdTime,
        Instant modifiedTime,
        Instant expiryTime,
        int totalCallCount,
        BigDecimal totalCallAmount,
        long totalCallBilledDuration,
        BigDecimal sessionFees,
        @Nullable Instant lastInteractionTime) {

    /**
     * The routing state that session events and the route lookup carry, with every routing option (PINs
     * included: call-router checks them). Parties and PINs are sealed with the event key (parties with their blind
     * index and country), so only call-router can read them. Its status is {@code active} or {@code expired} only:
     * a session with a call under way routes calls like any active one.
     */
    public SessionState state(PrivacyKeys keys) {
        String routingStatus = status == SessionStatus.EXPIRED ? SessionStatus.EXPIRED.wireName()
                : SessionStatus.ACTIVE.wireName();
        return new SessionState(accountId, firstParty == null ? null : keys.party(PhoneNumber.parse(firstParty)),
                secondParty == null ? null : keys.party(PhoneNumber.parse(secondParty)), virtualNumber, routingStatus,
                callTimeLimit, ringTimeout, createdTime, expiryTime, record, recordFileFormat, options.routing(keys));
    }

    /** This session with the API-updatable fields replaced (PLIVO_API.md §2.3). */
    public Session updated(@Nullable String newFirstParty, @Nullable String newSecondParty, int newCallTimeLimit,
            int newRingTimeout, boolean newRecord, String newRecordFileFormat, String newCallbackUrl,
            String newCallbackMethod, String newRecordingCallbackUrl, String newRecordingCallbackMethod,
            SessionOptions newOptions, Instant modified, Instant expiry) {
        return new Session(sessionUuid, accountId, mainAccountId, subaccount, newFirstParty, newSecondParty,
                virtualNumber, status, geomatch, newCallTimeLimit, newRingTimeout, newRecord, newRecordFileFormat,
                newCallbackUrl, newCallbackMethod, newRecordingCallbackUrl, newRecordingCallbackMethod, newOptions,
                createdTime, modified, expiry, totalCallCount, totalCallAmount, totalCallBilledDuration,
                sessionFees, lastInteractionTime);
    }
}
