package dev.veil.carrier.call;

import dev.veil.carrier.recording.Recording;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Everything that happened in one simulated call, as {@code POST /sim/v1/calls} and
 * {@code GET /sim/v1/calls/{call_uuid}} return it.
 *
 * @param callUuid    the A leg's CallUUID
 * @param requestUuid the Call API's {@code request_uuid} for an outbound call, null for an inbound one
 * @param direction   inbound for a call to a virtual number, outbound for a call placed by the Call API
 * @param from        the caller, E.164 (for an outbound call: the caller ID shown, the virtual number)
 * @param to          the number called, E.164 (for an outbound call: the phone rung)
 * @param status      how the caller's leg ended
 * @param hangupCause why it ended
 * @param answerXml   the XML the answer URL returned, or null when it failed
 * @param legs        the caller's leg first, then each dialled leg
 * @param played      what was played or spoken to the A leg's phone: each {@code <Play>} URL and {@code <Speak>}
 *                    text, GetDigits prompts included
 * @param skipped     valid Plivo elements the simulator stepped over ({@code Conference}, {@code DTMF}, ...)
 * @param recordings  the recordings the call made, their media fetchable at their {@code record_url}
 * @param webhooks    every webhook sent, in order
 * @param error       why the call failed (a webhook's status, invalid XML), or null
 * @param startTime   when the call came in (simulated clock)
 * @param endTime     when it ended (simulated clock)
 */
public record CallReport(String callUuid, @Nullable String requestUuid, LegDirection direction, String from,
        String to, LegStatus status, HangupCause hangupCause, @Nullable String answerXml, List<LegReport> legs,
        List<String> played, List<String> skipped, List<Recording> recordings, List<WebhookReport> webhooks,
        @Nullable String error, Instant startTime, Instant endTime) {

    public CallReport {
        recordings = List.copyOf(recordings);
        legs = List.copyOf(legs);
        played = List.copyOf(played);
        skipped = List.copyOf(skipped);
        webhooks = List.copyOf(webhooks);
    }

    /** The A leg: the caller's, or the leg of the phone a Call API call rang. */
    public LegReport aLeg() {
        return legs.getFirst();
    }
}
