package dev.veil.carrier.call;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.phones.PhoneBook;
import dev.veil.carrier.phones.PhoneScript;
import dev.veil.carrier.recording.Recording;
import dev.veil.carrier.recording.Recordings;
import dev.veil.carrier.webhook.WebhookClient;
import dev.veil.carrier.webhook.WebhookResponse;
import dev.veil.carrier.xml.InvalidXmlException;
import dev.veil.carrier.xml.PlivoXml;
import dev.veil.carrier.xml.Verb;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.UUID;

/**
 * Runs simulated calls against the application, the way Plivo runs a call on an application: an inbound call to a
 * virtual number, or a Call API call that first rings a phone. The answer URL's XML is executed verb by verb:
 * {@code <Play>}/{@code <Speak>} are heard by the A phone; {@code <GetDigits>} plays its prompts, takes the keys the
 * A phone's script types and tells its action URL; {@code <Record>} records (media served afterwards); a
 * {@code <Dial>} rings the dialled phone as its script says, bridges it and reports through the Dial callback URL
 * ({@code DialAction=answer}, then {@code hangup}) and the Dial action URL; an action URL's XML replaces the rest
 * of the document. When the instructions run out (or {@code <Hangup>}, or a failure) the A leg ends, the hangup
 * URL gets its report, then each Record callback URL its recording. Time is simulated: a call starts at the wall clock's current second and
 * its own clock moves on by ring and talk times, so an hour-long call takes milliseconds.
 *
 * <p>Blocking by design: a call is a script whose next step depends on the application's last answer, so it
 * reads best as sequential code; callers run it on a virtual thread.
 */
@Component
public class CallSimulator {

    private static final Logger log = LoggerFactory.getLogger(CallSimulator.class);

    /** Plivo's webhook time format, UTC. */
    private static final DateTimeFormatter WEBHOOK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SESSION_START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** XML documents one call may fetch (the answer plus action URLs) before the carrier gives up on a loop. */
    static final int MAX_DOCUMENTS = 50;
    /** How long the owner of a phone rung by the Call API talks once bridged, when its script does not say. */
    static final int DEFAULT_OUTBOUND_TALK_SECONDS = 60;

    private final SimulatorProperties properties;
    private final WebhookClient webhooks;
    private final PhoneBook phones;
    private final Recordings recordings;
    private final Clock clock;
    private final MeterRegistry meters;

    CallSimulator(SimulatorProperties properties, WebhookClient webhooks, PhoneBook phones, Recordings recordings,
            Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.phones = phones;
        this.recordings = recordings;
        this.clock = clock;
        this.meters = meters;
    }

    /** Places an inbound call, runs it to its end (all webhooks sent) and reports what happened. */
    public CallReport place(CallOrder order) {
        List<String> digits = order.digits().isEmpty() ? phones.script(order.from()).digits() : order.digits();
        SimulatedCall call = SimulatedCall.inbound(order, UUID.randomUUID().toString(), digits, startOfCall());
        log.info("call {} from {} to {}: incoming, asking the application", call.uuid(), order.from().redacted(),
                order.to().redacted());

        WebhookResponse answer = send(call, "answer", "POST", properties.answerUrl(), answerParams(call));
        runAnswer(call, answer);
        return finish(call, properties.hangupUrl(), "POST");
    }

    /**
     * Runs a Call API call to its end: rings {@code to} as its script says; once it answers, asks the answer URL
     * and executes its XML; finally tells the hangup URL (also when the phone was busy or never answered).
     */
    public CallReport placeOutbound(OutboundOrder order) {
        PhoneScript rung = phones.script(order.to());
        int talk = rung.hangUpAfterSeconds() != null ? rung.hangUpAfterSeconds() : DEFAULT_OUTBOUND_TALK_SECONDS;
        SimulatedCall call = SimulatedCall.outbound(order, UUID.randomUUID().toString(), talk,
                (int) properties.ringTime().toSeconds(), rung.digits(), startOfCall());
        log.info("call {} (request {}) from {} to {}: outgoing, ringing", call.uuid(), order.requestUuid(),
                order.from().redacted(), order.to().redacted());

        Ringing ringing = ringing(rung, Callee.ANSWER, (int) properties.ringTime().toSeconds(),
                order.ringTimeoutSeconds());
        call.advance(ringing.seconds());
        if (ringing.status() == LegStatus.COMPLETED) {
            call.answer();
            WebhookResponse answer = send(call, "answer", order.answerMethod(), order.answerUrl(),
                    answerParams(call));
            runAnswer(call, answer);
        } else {
            call.notAnswered(ringing.status(), ringing.cause());
        }
        return finish(call, order.hangupUrl(), order.hangupMethod());
    }

    private Instant startOfCall() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void runAnswer(SimulatedCall call, WebhookResponse answer) {
        if (!answer.ok()) {
            call.fail("the answer URL answered " + answer.describe());
        } else if (answer.body().isBlank()) {
            call.fail("the answer URL answered no XML");
        } else {
            call.answerXml(answer.body());
            run(call, answer.body());
        }
    }

    /** Tells the hangup URL, then each Record callback URL once the recording's media is served. */
    private CallReport finish(SimulatedCall call, String hangupUrl, String hangupMethod) {
        List<SimulatedCall.ActiveRecording> made = call.recordingsMade();
        send(call, "hangup", hangupMethod, hangupUrl, hangupParams(call));
        for (SimulatedCall.ActiveRecording active : made) {
            Recording recording = new Recording(active.recordingId, call.uuid(), active.verb.fileFormat(),
                    active.recordUrl, Duration.between(active.startedAt, active.endedAt).toMillis(),
                    active.startedAt.toEpochMilli(), active.endedAt.toEpochMilli());
            recordings.add(recording);
            call.recordingFinished(recording);
            if (active.verb.callbackUrl() != null) {
                send(call, "record-callback", active.verb.callbackMethod(), active.verb.callbackUrl(),
                        recordingParams(call, recording.recordUrl(), recording.recordingId(),
                                recording.durationMs(), recording.startMs(), recording.endMs()));
            }
        }

        CallReport report = call.report();
        Counter.builder("veil.simulator.calls").description("Simulated calls that ended, by the A leg's status")
                .tag("direction", report.direction().wire()).tag("status", report.status().wire())
                .register(meters).increment();
        log.info("call {}: ended {} ({}), {} s{}", call.uuid(), report.status().wire(), report.hangupCause(),
                report.aLeg().duration(), report.error() == null ? "" : ": " + report.error());
        return report;
    }

    /** Executes the answer XML and every document an action URL answers in its place, until the call ends. */
    private void run(SimulatedCall call, String answerXml) {
        String document = answerXml;
        for (int fetched = 1; document != null; fetched++) {
            if (fetched > MAX_DOCUMENTS) {
                call.fail("more than " + MAX_DOCUMENTS + " XML documents in one call");
                return;
            }
            document = execute(call, document);
        }
    }

    /**
     * Runs one document; returns the document an action URL answered (it replaces the rest of this one), or null
     * when the call ends.
     */
    private @Nullable String execute(SimulatedCall call, String document) {
        List<Verb> verbs;
        try {
            verbs = PlivoXml.parse(document);
        } catch (InvalidXmlException e) {
            call.fail("invalid XML: " + e.getMessage());
            return null;
        }
        for (Verb verb : verbs) {
            Next next = switch (verb) {
                case Verb.Hangup hangup -> {
                    call.hangUp(hangup.reason());
                    yield Next.END;
                }
                case Verb.Play play -> {
                    call.answer();
                    call.heard(play.url());
                    yield Next.GO_ON;
                }
                case Verb.Speak speak -> {
                    call.answer();
                    call.heard(speak.text());
                    yield Next.GO_ON;
                }
                case Verb.Wait wait -> {
                    call.answer();
                    call.advance(wait.lengthSeconds());
                    yield Next.GO_ON;
                }
                case Verb.Unsimulated unsimulated -> {
                    call.skipped(unsimulated.element());
                    yield Next.GO_ON;
                }
                case Verb.GetDigits getDigits -> {
                    call.answer();
                    String digits = collectDigits(call, getDigits);
                    if (getDigits.action() == null) {
                        yield Next.GO_ON;
                    }
                    SequencedMap<String, String> params = callParams(call, "in-progress");
                    params.put("Digits", digits);
                    yield follow(call, "get-digits", getDigits.method(), getDigits.action(), params,
                            getDigits.redirect());
                }
                case Verb.Record record -> {
                    call.answer();
                    yield record(call, record);
                }
                case Verb.Dial dial -> {
                    DialResult result = dial(call, dial);
                    if (dial.action() == null) {
                        yield Next.GO_ON;
                    }
                    yield follow(call, "dial-action", dial.method(), dial.action(), actionParams(call, result), true);
                }
            };
            if (next.end()) {
                return null;
            }
            if (next.document() != null) {
                return next.document();
            }
        }
        call.endOfInstructions();
        return null;
    }

    /**
     * Sends an action URL its parameters. With {@code redirect} its XML replaces the rest of the document (an empty
     * answer ends the call); without, the document goes on. A failed action URL ends the call.
     */
    private Next follow(SimulatedCall call, String event, String method, String url,
            SequencedMap<String, String> params, boolean redirect) {
        WebhookResponse action = send(call, event, method, url, params);
        if (!action.ok()) {
            call.fail("the " + event + " URL answered " + action.describe());
            return Next.END;
        }
        if (!redirect) {
            return Next.GO_ON;
        }
        if (action.body().isBlank()) {
            call.endOfInstructions();
            return Next.END;
        }
        return new Next(false, action.body());
    }

    /**
     * Plays the prompts and takes the A phone's next entry, up to {@code retries} times while nothing valid comes.
     * An entry ends at the finish key (not part of the digits) or at {@code numDigits} keys; otherwise the carrier
     * waits {@code digitTimeout} after the last key. Each key takes a second; an attempt without any key waits
     * {@code timeout}. A key outside {@code validDigits} spoils the attempt (and plays {@code invalidDigitsSound}).
     *
     * @return the digits collected, empty when none came
     */
    private static String collectDigits(SimulatedCall call, Verb.GetDigits getDigits) {
        for (int attempt = 1; attempt <= getDigits.retries(); attempt++) {
            for (Verb prompt : getDigits.prompts()) {
                call.heard(prompt instanceof Verb.Play play ? play.url() : ((Verb.Speak) prompt).text());
            }
            String entry = call.nextDigits();
            if (entry == null || entry.isEmpty()) {
                call.advance(getDigits.timeoutSeconds());
                continue;
            }
            call.typed(entry);
            StringBuilder digits = new StringBuilder();
            boolean finished = false;
            boolean invalid = false;
            int keys = 0;
            for (char key : entry.toCharArray()) {
                keys++;
                if (getDigits.finishOnKey().indexOf(key) == 0) {
                    finished = true;
                    break;
                }
                if (getDigits.validDigits().indexOf(key) < 0) {
                    invalid = true;
                    break;
                }
                digits.append(key);
                if (digits.length() == getDigits.numDigits()) {
                    finished = true;
                    break;
                }
            }
            call.advance(keys + (finished || invalid ? 0 : getDigits.digitTimeoutSeconds()));
            if (invalid) {
                if (getDigits.invalidDigitsSound() != null) {
                    call.heard(getDigits.invalidDigitsSound());
                }
                continue;
            }
            if (!digits.isEmpty()) {
                return digits.toString();
            }
        }
        return "";
    }

    /**
     * A session or start-on-answer {@code <Record>} starts (or waits for the bridge) and the document goes on at
     * once; its action URL hears the recording's URL and id with durations {@code -1}, as Plivo does while the
     * recording runs. A blocking Record records the caller's message (their talk time, at most
     * {@code maxLength}) and then tells its action URL the real durations.
     */
    private Next record(SimulatedCall call, Verb.Record record) {
        String id = UUID.randomUUID().toString();
        String url = recordings.urlOf(id, record.fileFormat());
        SequencedMap<String, String> params;
        if (record.recordSession() || record.startOnDialAnswer()) {
            call.startRecording(record, id, url);
            params = recordingParams(call, url, id, -1, -1, -1);
        } else {
            Instant started = call.now();
            call.advance(Math.min(record.maxLengthSeconds(), call.talkSeconds()));
            call.recorded(record, id, url, started);
            params = recordingParams(call, url, id, Duration.between(started, call.now()).toMillis(),
                    started.toEpochMilli(), call.now().toEpochMilli());
        }
        if (record.action() == null) {
            return Next.GO_ON;
        }
        return follow(call, "record-action", record.method(), record.action(), params, record.redirect());
    }

    /**
     * Rings the first {@code <Number>} (as its phone's script says, else as the call order says), plays the
     * confirm sound to it when it answers, bridges it, and reports through the Dial callback URL.
     */
    private DialResult dial(SimulatedCall call, Verb.Dial dial) {
        call.answer();
        PhoneNumber callee = dial.numbers().isEmpty() ? null : parseOrNull(dial.numbers().getFirst());
        if (callee == null) {
            log.info("call {}: the Dial has no valid <Number>, failed", call.uuid());
            return new DialResult(DialStatus.FAILED, "", HangupCause.INVALID_NUMBER_FORMAT, false);
        }
        String callerIdShown = shownCallerId(dial.callerId(), call.from());
        String bLeg = UUID.randomUUID().toString();
        long timeout = dial.timeoutSeconds() != null ? dial.timeoutSeconds() : properties.dialTimeout().toSeconds();
        PhoneScript script = phones.script(callee);
        Ringing ringing = phones.scripted(callee)
                ? ringing(script, Callee.ANSWER, (int) properties.ringTime().toSeconds(), timeout)
                : ringing(PhoneScript.DEFAULT, call.defaultCallee(), call.defaultRingSeconds(), timeout);
        Instant legStart = call.now();
        log.info("call {}: dialling {} showing {}", call.uuid(), callee.redacted(), redacted(callerIdShown));
        call.advance(ringing.seconds());

        SequencedMap<String, String> leg = new LinkedHashMap<>();
        leg.put("CallUUID", call.uuid());
        leg.put("DialALegUUID", call.uuid());
        leg.put("DialBLegUUID", bLeg);
        leg.put("DialBLegFrom", digits(callerIdShown));
        leg.put("DialBLegTo", callee.digits());

        Instant answeredAt = null;
        long talk = 0;
        List<String> calleeHeard = new ArrayList<>();
        if (ringing.status() == LegStatus.COMPLETED) {
            answeredAt = call.now();
            if (dial.confirmSound() != null) {
                calleeHeard.add(dial.confirmSound());
            }
            if (dial.callbackUrl() != null) {
                SequencedMap<String, String> params = new LinkedHashMap<>();
                params.put("Event", "DialAnswer");
                params.put("DialAction", "answer");
                params.put("DialBLegStatus", "answer");
                params.putAll(leg);
                send(call, "dial-answer", dial.callbackMethod(), dial.callbackUrl(), params);
            }
            call.bridged();
            long wanted = script.hangUpAfterSeconds() != null ? script.hangUpAfterSeconds() : call.talkSeconds();
            talk = Math.min(wanted, dial.timeLimitSeconds());
            call.advance(talk);
            call.unbridged();
        }
        if (dial.callbackUrl() != null) {
            SequencedMap<String, String> params = new LinkedHashMap<>();
            params.put("Event", "DialHangup");
            params.put("DialAction", "hangup");
            params.put("DialBLegStatus", "hangup");
            params.putAll(leg);
            params.put("DialBLegHangupCause", ringing.cause().name());
            params.put("DialBLegDuration", Long.toString(talk));
            params.put("DialBLegBillDuration", Long.toString(talk));
            send(call, "dial-hangup", dial.callbackMethod(), dial.callbackUrl(), params);
        }
        call.dialledLeg(new LegReport(bLeg, LegDirection.OUTBOUND, callerIdShown, callee.e164(), callerIdShown,
                ringing.status(), talk, talk, ringing.cause(), legStart, answeredAt, call.now(), calleeHeard,
                List.of()));
        // Plivo leaves DialBLegUUID empty when nobody answered.
        return new DialResult(ringing.dialStatus(), answeredAt != null ? bLeg : "", ringing.cause(),
                ringing.rang());
    }

    /**
     * How a rung phone reacts: an answering phone picks up after its ring time unless the timeout comes first; a
     * busy line refuses at once, without ringing; an unanswered phone rings until the timeout. A script's answer
     * and delay win over the fallbacks.
     */
    private static Ringing ringing(PhoneScript script, Callee fallback, int fallbackRingSeconds, long timeout) {
        Callee behaviour = script == PhoneScript.DEFAULT ? fallback : script.answer();
        int ring = script.answerAfterSeconds() != null ? script.answerAfterSeconds() : fallbackRingSeconds;
        return switch (behaviour) {
            case ANSWER -> ring < timeout
                    ? new Ringing(ring, LegStatus.COMPLETED, DialStatus.COMPLETED, HangupCause.NORMAL_CLEARING, true)
                    : new Ringing(timeout, LegStatus.NO_ANSWER, DialStatus.NO_ANSWER, HangupCause.NO_ANSWER, true);
            case BUSY -> new Ringing(0, LegStatus.BUSY, DialStatus.BUSY, HangupCause.USER_BUSY, false);
            case NO_ANSWER ->
                    new Ringing(timeout, LegStatus.NO_ANSWER, DialStatus.NO_ANSWER, HangupCause.NO_ANSWER, true);
        };
    }

    private WebhookResponse send(SimulatedCall call, String event, String method, String url,
            SequencedMap<String, String> params) {
        WebhookResponse response = webhooks.send(method, url, params);
        call.webhook(new WebhookReport(event, method, url, response.statusCode(), response.failure(), params));
        Counter.builder("veil.simulator.webhooks").description("Webhooks sent to the application, by answer")
                .tag("event", event).tag("outcome", response.outcome()).register(meters).increment();
        log.info("call {}: {} webhook -> {}", call.uuid(), event, response.describe());
        return response;
    }

    /**
     * The parameters every request about the call carries: who, which way, its state; a Call API call adds
     * {@code RequestUUID}, {@code ALegUUID} and {@code ALegRequestUUID}.
     */
    private static SequencedMap<String, String> callParams(SimulatedCall call, String callStatus) {
        SequencedMap<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call.uuid());
        params.put("From", call.from().digits());
        params.put("To", call.to().digits());
        params.put("Direction", call.direction().wire());
        params.put("CallStatus", callStatus);
        if (call.requestUuid() != null) {
            params.put("RequestUUID", call.requestUuid());
            params.put("ALegUUID", call.uuid());
            params.put("ALegRequestUUID", call.requestUuid());
        }
        return params;
    }

    private SequencedMap<String, String> answerParams(SimulatedCall call) {
        // An inbound call is still ringing when the application is asked; a Call API call has been picked up.
        SequencedMap<String, String> params = callParams(call,
                call.direction() == LegDirection.INBOUND ? "ringing" : "in-progress");
        params.put("Event", "StartApp");
        params.put("CallerName", call.from().digits());
        params.put("SessionStart", SESSION_START.format(call.start()));
        params.put("ParentAuthID", properties.authId());
        return params;
    }

    private static SequencedMap<String, String> actionParams(SimulatedCall call, DialResult result) {
        SequencedMap<String, String> params = callParams(call, "in-progress");
        params.put("DialStatus", result.status().wire());
        params.put("DialALegUUID", call.uuid());
        params.put("DialBLegUUID", result.bLegUuid());
        params.put("DialHangupCause", result.cause().name());
        params.put("DialRingStatus", Boolean.toString(result.rang()));
        return params;
    }

    /** Plivo's Record parameters; the durations and times are {@code -1} while the recording still runs. */
    private static SequencedMap<String, String> recordingParams(SimulatedCall call, String url, String id,
            long durationMs, long startMs, long endMs) {
        SequencedMap<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call.uuid());
        params.put("From", call.from().digits());
        params.put("To", call.to().digits());
        params.put("Direction", call.direction().wire());
        params.put("RecordUrl", url);
        params.put("RecordingID", id);
        params.put("RecordingDuration", Long.toString(durationMs < 0 ? -1 : durationMs / 1000));
        params.put("RecordingDurationMs", Long.toString(durationMs));
        params.put("RecordingStartMs", Long.toString(startMs));
        params.put("RecordingEndMs", Long.toString(endMs));
        return params;
    }

    private static SequencedMap<String, String> hangupParams(SimulatedCall call) {
        long duration = call.duration();
        SequencedMap<String, String> params = callParams(call, call.callStatus());
        params.put("Event", "Hangup");
        params.put("HangupCause", call.cause().name());
        params.put("Duration", Long.toString(duration));
        params.put("BillDuration", Long.toString(duration));
        params.put("StartTime", WEBHOOK_TIME.format(call.start()));
        params.put("AnswerTime", call.answeredAt() == null ? "" : WEBHOOK_TIME.format(call.answeredAt()));
        params.put("EndTime", WEBHOOK_TIME.format(call.now()));
        return params;
    }

    /**
     * The caller ID the dialled phone displays: the Dial's {@code callerId} in E.164 with {@code +} when it is a
     * valid number, as written when it is not (a withheld or alphanumeric ID), the caller's own number when absent
     * (Plivo's default).
     */
    private static String shownCallerId(@Nullable String callerId, PhoneNumber caller) {
        if (callerId == null) {
            return caller.e164();
        }
        PhoneNumber parsed = parseOrNull(callerId);
        return parsed != null ? parsed.e164() : callerId;
    }

    private static @Nullable PhoneNumber parseOrNull(String raw) {
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }

    private static String digits(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }

    private static String redacted(String number) {
        PhoneNumber parsed = parseOrNull(number);
        return parsed != null ? parsed.redacted() : "a non-numeric caller ID";
    }

    /** How long the dialled phone rang and how its leg ended. */
    private record Ringing(long seconds, LegStatus status, DialStatus dialStatus, HangupCause cause, boolean rang) {
    }

    /** What a Dial came to, as its action URL is told. */
    private record DialResult(DialStatus status, String bLegUuid, HangupCause cause, boolean rang) {
    }

    /** What follows a verb: the next verb, a new document from an action URL, or the end of the call. */
    private record Next(boolean end, @Nullable String document) {
        static final Next GO_ON = new Next(false, null);
        static final Next END = new Next(true, null);
    }
}
