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
 * until it is written, then in the webhook log.
 *
 * <p>Each is split in {@value #SEGMENTS} segments by key, each its own lock: growing a table or sweeping it holds up
 * only the calls of one segment, for a fraction of a millisecond (growing one table of a quarter of a million calls
 * took 16–36 ms, during which no call was answered).
 *
 * <p>A call whose hangup never comes gives its session up once it is older than its time limit + ring timeout + a
 * grace, like the durable claim did.
 */
final class LiveCalls {

    /** How a call was answered, as far as a retry of its answer needs to know. */
    enum Answer { NONE, BRIDGED, BUSY }

    private static final int SEGMENTS = 64;
    private static final int CALL_HIGH = 0;
    private static final int CALL_LOW = 1;
    private static final int STALE_AT = 2;
    private static final int FORGET_AT = 0;
    private static final int BUSY = 1;

    /** Per session: its live call, and from when on (epoch millis) another call may take it over. */
    private final UuidTable[] claims = segments(3);
    /** Per answered call: until when it is remembered (epoch millis), and 1 when it was refused as busy. */
    private final UuidTable[] answers = segments(2);

    /**
     * Claims the session's live call for {@code callUuid}: true when the session had none, had this very call, or
     * its call is stale at {@code now}; false when another call holds it.
     */
    boolean claim(String sessionUuid, String callUuid, Instant now, Instant staleAt) {
        long sessionHigh = UuidTable.high(sessionUuid);
        long sessionLow = UuidTable.low(sessionUuid);
        long callHigh = UuidTable.high(callUuid);
        long callLow = UuidTable.low(callUuid);
        UuidTable table = segment(claims, sessionHigh, sessionLow);
        synchronized (table) {
            int held = table.find(sessionHigh, sessionLow);
            if (held >= 0 && (table.get(held, CALL_HIGH) != callHigh || table.get(held, CALL_LOW) != callLow)
                    && table.get(held, STALE_AT) > now.toEpochMilli()) {
                return false;
            }
            setClaim(table, table.add(sessionHigh, sessionLow), callHigh, callLow, staleAt);
            return true;
        }
    }

    /** Restores a claim read from {@code live_call} at start-up; a claim already in memory wins. */
    void restore(String sessionUuid, String callUuid, Instant staleAt) {
        long sessionHigh = UuidTable.high(sessionUuid);
        long sessionLow = UuidTable.low(sessionUuid);
        UuidTable table = segment(claims, sessionHigh, sessionLow);
        synchronized (table) {
            if (table.find(sessionHigh, sessionLow) < 0) {
                setClaim(table, table.add(sessionHigh, sessionLow), UuidTable.high(callUuid),
                        UuidTable.low(callUuid), staleAt);
            }
        }
    }

    /** Gives the session up if {@code callUuid} holds it. */
    void release(String sessionUuid, String callUuid) {
        long sessionHigh = UuidTable.high(sessionUuid);
        long sessionLow = UuidTable.low(sessionUuid);
        UuidTable table = segment(claims, sessionHigh, sessionLow);
        synchronized (table) {
            int held = table.find(sessionHigh, sessionLow);
            if (held >= 0 && table.get(held, CALL_HIGH) == UuidTable.high(callUuid)
                    && table.get(held, CALL_LOW) == UuidTable.low(callUuid)) {
                table.remove(held);
            }
        }
    }

    /** Forgets how a call was answered (it hung up). */
    void forget(String callUuid) {
        long callHigh = UuidTable.high(callUuid);
        long callLow = UuidTable.low(callUuid);
        UuidTable table = segment(answers, callHigh, callLow);
        synchronized (table) {
            int entry = table.find(callHigh, callLow);
            if (entry >= 0) {
                table.remove(entry);
            }
        }
    }

    /** Remembers how a call was answered until {@code forgetAt} (or its hangup). */
    void answered(String callUuid, Answer answer, Instant forgetAt) {
        long callHigh = UuidTable.high(callUuid);
        long callLow = UuidTable.low(callUuid);
        UuidTable table = segment(answers, callHigh, callLow);
        synchronized (table) {
            int entry = table.add(callHigh, callLow);
            table.set(entry, FORGET_AT, forgetAt.toEpochMilli());
            table.set(entry, BUSY, answer == Answer.BUSY ? 1 : 0);
        }
    }

    /** How a call was answered, when this router answered it and has not forgotten. */
    Answer answerOf(String callUuid) {
        long callHigh = UuidTable.high(callUuid);
        long callLow = UuidTable.low(callUuid);
        UuidTable table = segment(answers, callHigh, callLow);
        synchronized (table) {
            int entry = table.find(callHigh, callLow);
            if (entry < 0) {
                return Answer.NONE;
            }
            return table.get(entry, BUSY) == 1 ? Answer.BUSY : Answer.BRIDGED;
        }
    }

    /** Forgets stale claims and old answers (calls whose hangup never came), a segment at a time. */
    void sweep(Instant now) {
        for (int i = 0; i < SEGMENTS; i++) {
            synchronized (claims[i]) {
                claims[i].removeAtMost(STALE_AT, now.toEpochMilli());
            }
            synchronized (answers[i]) {
                answers[i].removeAtMost(FORGET_AT, now.toEpochMilli());
            }
        }
    }

    private static void setClaim(UuidTable table, int entry, long callHigh, long callLow, Instant staleAt) {
        table.set(entry, CALL_HIGH, callHigh);
        table.set(entry, CALL_LOW, callLow);
        table.set(entry, STALE_AT, staleAt.toEpochMilli());
    }

    private static UuidTable segment(UuidTable[] tables, long high, long low) {
        return tables[UuidTable.segmentOf(high, low, SEGMENTS)];
    }

    private static UuidTable[] segments(int fields) {
        UuidTable[] tables = new UuidTable[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            tables[i] = new UuidTable(fields);
        }
        return tables;
    }
}
