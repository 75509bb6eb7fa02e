package dev.veil.carrier.call;

import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one call while it runs: its simulated clock and what has happened so far. Confined to the one
 * thread that runs the call, so it is plainly mutable.
 */
final class SimulatedCall {

    private final CallOrder order;
    private final String uuid;
    private final Instant start;
    private Instant now;
    private @Nullable Instant answeredAt;
    private @Nullable String answerXml;
    private final List<LegReport> dialledLegs = new ArrayList<>();
    private final List<String> played = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<WebhookReport> webhooks = new ArrayList<>();
    private @Nullable LegStatus status;
    private HangupCause cause = HangupCause.NORMAL_CLEARING;
    private @Nullable String error;

    SimulatedCall(CallOrder order, String uuid, Instant start) {
        this.order = order;
        this.uuid = uuid;
        this.start = start;
        this.now = start;
    }

    CallOrder order() {
        return order;
    }

    String uuid() {
        return uuid;
    }

    PhoneNumber from() {
        return order.from();
    }

    PhoneNumber to() {
        return order.to();
    }

    Instant start() {
        return start;
    }

    Instant now() {
        return now;
    }

    /** Moves the simulated clock on; nothing sleeps. */
    void advance(long seconds) {
        now = now.plus(Duration.ofSeconds(seconds));
    }

    /** The application answers the caller's leg (it executes a Dial, Play or Speak); only the first time counts. */
    void answer() {
        if (answeredAt == null) {
            answeredAt = now;
        }
    }

    @Nullable Instant answeredAt() {
        return answeredAt;
    }

    /** Seconds the caller's leg has been answered, 0 when never. */
    long duration() {
        return answeredAt == null ? 0 : Duration.between(answeredAt, now).toSeconds();
    }

    void answerXml(String xml) {
        answerXml = xml;
    }

    void played(String what) {
        played.add(what);
    }

    void skipped(String element) {
        skipped.add(element);
    }

    void webhook(WebhookReport webhook) {
        webhooks.add(webhook);
    }

    void dialledLeg(LegReport leg) {
        dialledLegs.add(leg);
    }

    /** The instructions ran out, or the application answered an empty {@code <Response/>}. */
    void endOfInstructions() {
        end(answeredAt != null ? LegStatus.COMPLETED : LegStatus.REJECTED, HangupCause.NORMAL_CLEARING, null);
    }

    /** {@code <Hangup reason>}. */
    void hangUp(@Nullable String reason) {
        HangupCause hangupCause = switch (reason == null ? "" : reason) {
            case "rejected" -> HangupCause.CALL_REJECTED;
            case "busy" -> HangupCause.USER_BUSY;
            default -> HangupCause.NORMAL_CLEARING;
        };
        end(answeredAt != null ? LegStatus.COMPLETED : LegStatus.REJECTED, hangupCause, null);
    }

    /** A webhook that should have returned XML failed, or the XML was invalid: the carrier hangs up. */
    void fail(String why) {
        end(answeredAt != null ? LegStatus.COMPLETED : LegStatus.FAILED, HangupCause.NORMAL_TEMPORARY_FAILURE, why);
    }

    private void end(LegStatus legStatus, HangupCause hangupCause, @Nullable String why) {
        status = legStatus;
        cause = hangupCause;
        error = why;
    }

    HangupCause cause() {
        return cause;
    }

    CallReport report() {
        if (status == null) {
            throw new IllegalStateException("call " + uuid + " has not ended");
        }
        long duration = duration();
        LegReport aLeg = new LegReport(uuid, LegDirection.INBOUND, from().e164(), to().e164(), from().e164(),
                status, duration, duration, cause, start, answeredAt, now);
        List<LegReport> legs = new ArrayList<>();
        legs.add(aLeg);
        legs.addAll(dialledLegs);
        return new CallReport(uuid, from().e164(), to().e164(), status, cause, answerXml, legs, played, skipped,
                webhooks, error, start, now);
    }
}
