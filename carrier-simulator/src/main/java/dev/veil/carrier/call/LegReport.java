package dev.veil.carrier.call;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * One leg of a simulated call. Numbers are E.164 with {@code +}; durations are whole simulated seconds from
 * answer to hangup.
 *
 * @param callUuid      the leg's CallUUID
 * @param direction     inbound for the caller's leg, outbound for a dialled leg and for a Call API call's leg
 * @param from          the number the leg comes from: the caller, or for a dialled leg (and the leg of a Call API
 *                      call) the caller ID presented
 * @param to            the number the leg goes to: the number called, or the dialled number
 * @param callerIdShown the caller ID the receiving side saw
 * @param status        how the leg ended
 * @param duration      seconds from answer to hangup, 0 when never answered
 * @param billDuration  seconds billed by the carrier (the duration: per-second billing)
 * @param hangupCause   why it ended
 * @param startTime     when it started ringing
 * @param answerTime    when it was answered, or null
 * @param endTime       when it hung up
 * @param heard         what the phone on this leg heard, in order: each {@code <Play>} URL and {@code <Speak>}
 *                      text played to it (prompts, confirm sounds, invalid-key sounds)
 * @param digitsTyped   the keys typed on this phone, one entry per prompt answered
 */
public record LegReport(String callUuid, LegDirection direction, String from, String to, String callerIdShown,
        LegStatus status, long duration, long billDuration, HangupCause hangupCause, Instant startTime,
        @Nullable Instant answerTime, Instant endTime, List<String> heard, List<String> digitsTyped) {

    public LegReport {
        heard = List.copyOf(heard);
        digitsTyped = List.copyOf(digitsTyped);
    }
}
