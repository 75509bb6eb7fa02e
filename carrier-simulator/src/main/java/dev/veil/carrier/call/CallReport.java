package dev.veil.carrier.call;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Everything that happened in one simulated call, as {@code POST /sim/v1/calls} and
 * {@code GET /sim/v1/calls/{call_uuid}} return it.
 *
 * @param callUuid    the caller's (A) leg CallUUID
 * @param from        the caller, E.164
 * @param to          the number called, E.164
 * @param status      how the caller's leg ended
 * @param hangupCause why it ended
 * @param answerXml   the XML the answer URL returned, or null when it failed
 * @param legs        the caller's leg first, then each dialled leg
 * @param played      what was played or spoken to the caller: each {@code <Play>} URL and {@code <Speak>} text
 * @param skipped     valid Plivo elements the simulator stepped over ({@code Record}, {@code Wait}, ...)
 * @param webhooks    every webhook sent, in order
 * @param error       why the call failed (a webhook's status, invalid XML), or null
 * @param startTime   when the call came in (simulated clock)
 * @param endTime     when it ended (simulated clock)
 */
public record CallReport(String callUuid, String from, String to, LegStatus status, HangupCause hangupCause,
        @Nullable String answerXml, List<LegReport> legs, List<String> played, List<String> skipped,
        List<WebhookReport> webhooks, @Nullable String error, Instant startTime, Instant endTime) {

    public CallReport {
        legs = List.copyOf(legs);
        played = List.copyOf(played);
        skipped = List.copyOf(skipped);
        webhooks = List.copyOf(webhooks);
    }

    /** The caller's leg. */
    public LegReport aLeg() {
        return legs.getFirst();
    }
}
