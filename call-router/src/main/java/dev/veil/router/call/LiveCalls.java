package dev.veil.router.call;

import java.time.Instant;

/**
 * In memory, what the answer webhook decides from: each session's one live call (its claim), and which calls were
 * answered, bridged or refused as busy, so a retried answer is known as one without asking Postgres. The claims are
 * also written behind to {@code live_call} by the {@link AnswerJournal} and read back at start-up, so a restarted
 * router still knows which calls are live.
 *
 * <p>Both are held in {@link UuidTable}s, a few {@code long}s per call and no object: a router at 2,000 calls a
 * second holds a quarter of a million live calls, and objects per call would be copied and scanned by every young
 * collection, which is most of its pause. What a call was told is not kept here: a retry finds it in the journal
 * until it is written, then in the webhook log. One lock guards both tables; each use is a few probes.
 *
 * <p>A call whose hangup never comes gives its session up once it is older than its time limit + ring timeout + a
 * grace, like the durable claim did.
 */
final class LiveCalls {

    /** How a call was answered, as far as a retry of its answer needs to know. */
    enum Answer { NONE, BRIDGED, BUSY }

    private static final int CALL_HIGH = 0;
    private static final int CALL_LOW = 1;
    private static final int STALE_AT = 2;
    private static final int FORGET_AT = 0;
    private static final int BUSY = 1;

    /** Per session: its live call, and from when on (epoch millis) another call may take it over. */
    private final UuidTable claims = new UuidTable(3);
    /** Per answered call: until when it is remembered (epoch millis), and 1 when it was refused as busy. */
    private final UuidTable answers = new UuidTable(2);

    /**
     * Claims the session's live call for {@code callUuid}: true when the session had none, had this very call, or
     * its call is stale at {@code now}; false when another call holds it.
     */
    synchronized boolean claim(String sessionUuid, String callUuid, Instant now, Instant staleAt) {
        long sessionHigh = UuidTable.high(sessionUuid);
        long sessionLow = UuidTable.low(sessionUuid);
        long callHigh = UuidTable.high(callUuid);
        long callLow = UuidTable.low(callUuid);
        int held = claims.find(sessionHigh, sessionLow);
        if (held >= 0 && (claims.get(held, CALL_HIGH) != callHigh || claims.get(held, CALL_LOW) != callLow)
                && claims.get(held, STALE_AT) > now.toEpochMilli()) {
            return false;
        }
        setClaim(claims.add(sessionHigh, sessionLow), callHigh, callLow, staleAt);
        return true;
    }

    /** Restores a claim read from {@code live_call} at start-up; a claim already in memory wins. */
    synchronized void restore(String sessionUuid, String callUuid, Instant staleAt) {
        long sessionHigh = UuidTable.high(sessionUuid);
        long sessionLow = UuidTable.low(sessionUuid);
        if (claims.find(sessionHigh, sessionLow) < 0) {
            setClaim(claims.add(sessionHigh, sessionLow), UuidTable.high(callUuid), UuidTable.low(callUuid), staleAt);
        }
    }

    /** Gives the session up if {@code callUuid} holds it. */
    synchronized void release(String sessionUuid, String callUuid) {
        int held = claims.find(UuidTable.high(sessionUuid), UuidTable.low(sessionUuid));
        if (held >= 0 && claims.get(held, CALL_HIGH) == UuidTable.high(callUuid)
                && claims.get(held, CALL_LOW) == UuidTable.low(callUuid)) {
            claims.remove(held);
        }
    }

    /** Forgets how a call was answered (it hung up). */
    synchronized void forget(String callUuid) {
        int entry = answers.find(UuidTable.high(callUuid), UuidTable.low(callUuid));
        if (entry >= 0) {
            answers.remove(entry);
        }
    }

    /** Remembers how a call was answered until {@code forgetAt} (or its hangup). */
    synchronized void answered(String callUuid, Answer answer, Instant forgetAt) {
        int entry = answers.add(UuidTable.high(callUuid), UuidTable.low(callUuid));
        answers.set(entry, FORGET_AT, forgetAt.toEpochMilli());
        answers.set(entry, BUSY, answer == Answer.BUSY ? 1 : 0);
    }

    /** How a call was answered, when this router answered it and has not forgotten. */
    synchronized Answer answerOf(String callUuid) {
        int entry = answers.find(UuidTable.high(callUuid), UuidTable.low(callUuid));
        if (entry < 0) {
            return Answer.NONE;
        }
        return answers.get(entry, BUSY) == 1 ? Answer.BUSY : Answer.BRIDGED;
    }

    /** Forgets stale claims and old answers (calls whose hangup never came). */
    synchronized void sweep(Instant now) {
        claims.removeAtMost(STALE_AT, now.toEpochMilli());
        answers.removeAtMost(FORGET_AT, now.toEpochMilli());
    }

    private void setClaim(int entry, long callHigh, long callLow, Instant staleAt) {
        claims.set(entry, CALL_HIGH, callHigh);
        claims.set(entry, CALL_LOW, callLow);
        claims.set(entry, STALE_AT, staleAt.toEpochMilli());
    }
}
