package dev.veil.carrier.call;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * One leg of a simulated call. Numbers are E.164 with {@code +}; durations are whole simulated seconds from
 * answer to hangup.
 *
 * @param callUuid      the leg's CallUUID
 * @param direction     inbound for the caller's leg, outbound for a dialled leg
 * @param from          the number the leg comes from: the caller, or for a dialled leg the caller ID presented
 * @param to            the number the leg goes to: the number called, or the dialled number
 * @param callerIdShown the caller ID the receiving side saw
 * @param status        how the leg ended
 * @param duration      seconds from answer to hangup, 0 when never answered
 * @param billDuration  seconds billed by the carrier (the duration: per-second billing)
 * @param hangupCause   why it ended
 * @param startTime     when it started ringing
 * @param answerTime    when it was answered, or null
 * @param endTime       when it hung up
 */
public record LegReport(String callUuid, LegDirection direction, String from, String to, String callerIdShown,
        LegStatus status, long duration, long billDuration, HangupCause hangupCause, Instant startTime,
        @Nullable Instant answerTime, Instant endTime) {
}
