package dev.veil.router.call;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In memory, what the answer webhook decides from: each session's one live call (its claim), and the instruction
 * each call was answered with, so a retried answer gets the same instruction without asking Postgres. The claims are
 * also written behind to {@code live_call} by the {@link AnswerJournal} and read back at start-up, so a restarted
 * router still knows which calls are live.
 *
 * <p>A claim is atomic per session ({@link ConcurrentHashMap#compute}); a call whose hangup never comes gives its
 * session up once it is older than its time limit + ring timeout + a grace, like the durable claim did.
 */
final class LiveCalls {

    /** A session's live call, and from when on another call may take the session over (its hangup was lost). */
    private record Claim(String callUuid, long staleAtMillis) {
    }

    /**
     * What a call was told, forgotten after {@code forgetAtMillis}: only the instruction, which a retry repeats (the
     * rest of its step is written behind and dies young, which keeps what survives collections small).
     */
    private record Answered(CallInstruction instruction, long forgetAtMillis) {
    }

    private final Map<String, Claim> bySession = new ConcurrentHashMap<>();
    private final Map<String, Answered> byCall = new ConcurrentHashMap<>();

    /**
     * Claims the session's live call for {@code callUuid}: true when the session had none, had this very call, or
     * its call is stale at {@code now}; false when another call holds it.
     */
    boolean claim(String sessionUuid, String callUuid, Instant now, Instant staleAt) {
        long nowMillis = now.toEpochMilli();
        Claim mine = new Claim(callUuid, staleAt.toEpochMilli());
        Claim held = bySession.compute(sessionUuid, (session, current) ->
                current == null || current.callUuid().equals(callUuid) || current.staleAtMillis() <= nowMillis
                        ? mine : current);
        return held == mine;
    }

    /** Restores a claim read from {@code live_call} at start-up; a claim already in memory wins. */
    void restore(String sessionUuid, String callUuid, Instant staleAt) {
        bySession.putIfAbsent(sessionUuid, new Claim(callUuid, staleAt.toEpochMilli()));
    }

    /** Gives the session up if {@code callUuid} holds it. */
    void release(String sessionUuid, String callUuid) {
        bySession.computeIfPresent(sessionUuid, (session, current) ->
                current.callUuid().equals(callUuid) ? null : current);
    }

    /** Forgets how a call was answered (it hung up). */
    void forget(String callUuid) {
        byCall.remove(callUuid);
    }

    /** Remembers how a call was answered until {@code forgetAt} (or its hangup). */
    void answered(String callUuid, CallInstruction instruction, Instant forgetAt) {
        byCall.put(callUuid, new Answered(instruction, forgetAt.toEpochMilli()));
    }

    /** How a call was answered, when this router answered it and has not forgotten. */
    @Nullable CallInstruction answerOf(String callUuid) {
        Answered answered = byCall.get(callUuid);
        return answered == null ? null : answered.instruction();
    }

    /** Forgets stale claims and old answers (calls whose hangup never came). */
    void sweep(Instant now) {
        long nowMillis = now.toEpochMilli();
        bySession.values().removeIf(claim -> claim.staleAtMillis() <= nowMillis);
        byCall.values().removeIf(answered -> answered.forgetAtMillis() <= nowMillis);
    }
}
