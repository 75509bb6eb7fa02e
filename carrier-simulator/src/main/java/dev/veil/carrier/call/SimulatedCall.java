package dev.veil.carrier.call;

import dev.veil.carrier.recording.Recording;
import dev.veil.carrier.xml.Verb;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The state of one call while it runs: its simulated clock and what has happened so far. Confined to the one
 * thread that runs the call, so it is plainly mutable. The A leg is the caller's for an inbound call, and the
 * rung phone's for a Call API call; "the A phone" below is the phone on that leg.
 */
final class SimulatedCall {

    private final LegDirection direction;
    private final String uuid;
    private final @Nullable String requestUuid;
    private final PhoneNumber from;
    private final PhoneNumber to;
    private final int talkSeconds;
    private final Callee defaultCallee;
    private final int defaultRingSeconds;
    private final Deque<String> digits;
    private final Instant start;
    private Instant now;
    private @Nullable Instant answeredAt;
    private @Nullable String answerXml;
    private final List<LegReport> dialledLegs = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final List<String> typed = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<WebhookReport> webhooks = new ArrayList<>();
    private final List<ActiveRecording> recordings = new ArrayList<>();
    private final List<Recording> finishedRecordings = new ArrayList<>();
    private @Nullable LegStatus status;
    private HangupCause cause = HangupCause.NORMAL_CLEARING;
    private @Nullable String error;

    private SimulatedCall(LegDirection direction, String uuid, @Nullable String requestUuid, PhoneNumber from,
            PhoneNumber to, int talkSeconds, Callee defaultCallee, int defaultRingSeconds, List<String> digits,
            Instant start) {
        this.direction = direction;
        this.uuid = uuid;
        this.requestUuid = requestUuid;
        this.from = from;
        this.to = to;
        this.talkSeconds = talkSeconds;
        this.defaultCallee = defaultCallee;
        this.defaultRingSeconds = defaultRingSeconds;
        this.digits = new ArrayDeque<>(digits);
        this.start = start;
        this.now = start;
    }

    /** A call to a virtual number: the caller is the A phone. */
    static SimulatedCall inbound(CallOrder order, String uuid, List<String> digits, Instant start) {
        return new SimulatedCall(LegDirection.INBOUND, uuid, null, order.from(), order.to(), order.talkSeconds(),
                order.callee(), order.ringSeconds(), digits, start);
    }

    /** A Call API call: the phone rung ({@code to}) is the A phone, {@code from} its caller ID. */
    static SimulatedCall outbound(OutboundOrder order, String uuid, int talkSeconds, int defaultRingSeconds,
            List<String> digits, Instant start) {
        return new SimulatedCall(LegDirection.OUTBOUND, uuid, order.requestUuid(), order.from(), order.to(),
                talkSeconds, Callee.ANSWER, defaultRingSeconds, digits, start);
    }

    LegDirection direction() {
        return direction;
    }

    String uuid() {
        return uuid;
    }

    @Nullable String requestUuid() {
        return requestUuid;
    }

    PhoneNumber from() {
        return from;
    }

    PhoneNumber to() {
        return to;
    }

    /** How long the A phone's owner talks once bridged, unless the other side hangs up first. */
    int talkSeconds() {
        return talkSeconds;
    }

    /** How a dialled phone without a script behaves. */
    Callee defaultCallee() {
        return defaultCallee;
    }

    int defaultRingSeconds() {
        return defaultRingSeconds;
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

    /** The A leg is answered (the application executes a verb, or the rung phone picks up); the first time counts. */
    void answer() {
        if (answeredAt == null) {
            answeredAt = now;
        }
    }

    @Nullable Instant answeredAt() {
        return answeredAt;
    }

    /** Seconds the A leg has been answered, 0 when never. */
    long duration() {
        return answeredAt == null ? 0 : Duration.between(answeredAt, now).toSeconds();
    }

    void answerXml(String xml) {
        answerXml = xml;
    }

    /** The A phone hears a {@code <Play>} URL or {@code <Speak>} text. */
    void heard(String what) {
        heard.add(what);
    }

    /** The keys the A phone's owner types at the next prompt, or null when they type nothing more. */
    @Nullable String nextDigits() {
        return digits.pollFirst();
    }

    void typed(String keys) {
        typed.add(keys);
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

    /** A non-blocking {@code <Record>}: a session recording starts now, a start-on-answer one at the next bridge. */
    void startRecording(Verb.Record verb, String recordingId, String recordUrl) {
        ActiveRecording recording = new ActiveRecording(verb, recordingId, recordUrl);
        if (!verb.startOnDialAnswer()) {
            recording.startedAt = now;
        }
        recordings.add(recording);
    }

    /** A blocking {@code <Record>} that ran from {@code startedAt} to now. */
    void recorded(Verb.Record verb, String recordingId, String recordUrl, Instant startedAt) {
        ActiveRecording recording = new ActiveRecording(verb, recordingId, recordUrl);
        recording.startedAt = startedAt;
        recording.endedAt = now;
        recordings.add(recording);
    }

    /** A Dial was answered: start-on-answer recordings waiting for it start now. */
    void bridged() {
        recordings.stream().filter(r -> r.verb.startOnDialAnswer() && r.startedAt == null)
                .forEach(r -> r.startedAt = now);
    }

    /** The bridge ended: start-on-answer recordings stop (they cover the bridged talk). */
    void unbridged() {
        recordings.stream().filter(r -> r.verb.startOnDialAnswer() && r.startedAt != null && r.endedAt == null)
                .forEach(r -> r.endedAt = now);
    }

    /** The recordings that captured something, each ended by now at the latest, in the order they were asked for. */
    List<ActiveRecording> recordingsMade() {
        recordings.stream().filter(r -> r.startedAt != null && r.endedAt == null).forEach(r -> r.endedAt = now);
        return recordings.stream().filter(r -> r.startedAt != null).toList();
    }

    void recordingFinished(Recording recording) {
        finishedRecordings.add(recording);
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

    /** The rung phone of a Call API call was busy or never answered. */
    void notAnswered(LegStatus legStatus, HangupCause hangupCause) {
        end(legStatus, hangupCause, null);
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

    /** How the A leg ended, as the hangup URL's {@code CallStatus} says it. */
    String callStatus() {
        return status == LegStatus.BUSY || status == LegStatus.NO_ANSWER ? status.wire() : "completed";
    }

    CallReport report() {
        if (status == null) {
            throw new IllegalStateException("call " + uuid + " has not ended");
        }
        long duration = duration();
        // The A phone saw its own number calling out, or (Call API) the caller ID it was rung with.
        String shown = from.e164();
        LegReport aLeg = new LegReport(uuid, direction, from.e164(), to.e164(), shown, status, duration, duration,
                cause, start, answeredAt, now, heard, typed);
        List<LegReport> legs = new ArrayList<>();
        legs.add(aLeg);
        legs.addAll(dialledLegs);
        return new CallReport(uuid, requestUuid, direction, from.e164(), to.e164(), status, cause, answerXml, legs,
                heard, skipped, finishedRecordings, webhooks, error, start, now);
    }

    /** A recording asked for by a {@code <Record>} of this call. */
    static final class ActiveRecording {

        final Verb.Record verb;
        final String recordingId;
        final String recordUrl;
        @Nullable Instant startedAt;
        @Nullable Instant endedAt;

        private ActiveRecording(Verb.Record verb, String recordingId, String recordUrl) {
            this.verb = verb;
            this.recordingId = recordingId;
            this.recordUrl = recordUrl;
        }
    }
}
