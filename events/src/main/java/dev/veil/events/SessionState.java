package dev.veil.events;

import java.time.Instant;

/**
 * The routing state of a session, carried whole by every session event (event-carried state transfer), so a
 * consumer of the compacted session topic knows a session's current state from its latest record alone.
 *
 * @param accountId       the account (or subaccount) auth id that owns the session
 * @param firstParty      first party (blind index, country, sealed number); null in a single-party session created
 *                        without it, or after the number was erased
 * @param secondParty     second party, likewise
 * @param virtualNumber   the allocated virtual number, E.164 with {@code +}
 * @param status          Plivo's session status: {@code active}, {@code in-progress} (an interaction under way) or
 *                        {@code expired}
 * @param callTimeLimit   longest call leg, seconds
 * @param ringTimeout     how long a dialled party may ring, seconds
 * @param createdTime     when the session was created
 * @param expiryTime      when the session stops routing calls
 * @param record          whether calls are recorded
 * @param recordFileFormat {@code mp3} or {@code wav}
 * @param options         how calls are routed beyond bridging the two parties (play URLs, PIN authentication,
 *                        single party, request-a-call, cool-off); {@link RoutingOptions#NONE} when none is set
 */
public record SessionState(
        String accountId,
        PartyNumber firstParty,
        PartyNumber secondParty,
        String virtualNumber,
        String status,
        int callTimeLimit,
        int ringTimeout,
        Instant createdTime,
        Instant expiryTime,
        boolean record,
        String recordFileFormat,
        RoutingOptions options) {

    public SessionState {
        options = options == null ? RoutingOptions.NONE : options;
    }

    /** A session with no routing options: the two parties are bridged, nothing else. */
    public SessionState(String accountId, PartyNumber firstParty, PartyNumber secondParty, String virtualNumber,
            String status, int callTimeLimit, int ringTimeout, Instant createdTime, Instant expiryTime, boolean record,
            String recordFileFormat) {
        this(accountId, firstParty, secondParty, virtualNumber, status, callTimeLimit, ringTimeout, createdTime,
                expiryTime, record, recordFileFormat, RoutingOptions.NONE);
    }
}
