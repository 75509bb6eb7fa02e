package dev.veil.carrier.call;

import dev.veil.carrier.SimulatorProperties;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.UUID;

/**
 * Runs simulated inbound calls against the application, the way Plivo runs a call on an application: the answer
 * URL's XML is executed verb by verb; a {@code <Dial>} rings the dialled phone, bridges it and reports through the
 * Dial callback URL ({@code DialAction=answer}, then {@code hangup}) and the Dial action URL, whose XML replaces
 * the rest of the document; when the instructions run out (or {@code <Hangup>}, or a failure) the caller's leg
 * ends and the hangup URL gets its report. Time is simulated: a call starts at the wall clock's current second and
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

    /** XML documents one call may fetch (the answer plus Dial actions) before the carrier gives up on a loop. */
    static final int MAX_DOCUMENTS = 50;

    private final SimulatorProperties properties;
    private final WebhookClient webhooks;
    private final Clock clock;
    private final MeterRegistry meters;

    CallSimulator(SimulatorProperties properties, WebhookClient webhooks, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.clock = clock;
        this.meters = meters;
    }

    /** Places the call, runs it to its end (all webhooks sent) and reports what happened. */
    public CallReport place(CallOrder order) {
        SimulatedCall call = new SimulatedCall(order, UUID.randomUUID().toString(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        log.info("call {} from {} to {}: incoming, asking the application", call.uuid(), order.from().redacted(),
                order.to().redacted());

        WebhookResponse answer = send(call, "answer", "POST", properties.answerUrl(), answerParams(call));
        if (!answer.ok()) {
            call.fail("the answer URL answered " + answer.describe());
        } else if (answer.body().isBlank()) {
            call.fail("the answer URL answered no XML");
        } else {
            call.answerXml(answer.body());
            run(call, answer.body());
        }
        send(call, "hangup", "POST", properties.hangupUrl(), hangupParams(call));

        CallReport report = call.report();
        Counter.builder("veil.simulator.calls").description("Simulated calls that ended, by the caller leg's status")
                .tag("status", report.status().wire()).register(meters).increment();
        log.info("call {}: ended {} ({}), {} s{}", call.uuid(), report.status().wire(), report.hangupCause(),
                report.aLeg().duration(), report.error() == null ? "" : ": " + report.error());
        return report;
    }

    /** Executes the answer XML and every document a Dial action answers in its place, until the call ends. */
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

    /** Runs one document; returns the document a Dial action answered (it replaces the rest), or null at the end. */
    private @Nullable String execute(SimulatedCall call, String document) {
        List<Verb> verbs;
        try {
            verbs = PlivoXml.parse(document);
        } catch (InvalidXmlException e) {
            call.fail("invalid XML: " + e.getMessage());
            return null;
        }
        for (Verb verb : verbs) {
            switch (verb) {
                case Verb.Hangup hangup -> {
                    call.hangUp(hangup.reason());
                    return null;
                }
                case Verb.Play play -> {
                    call.answer();
                    call.played(play.url());
                }
                case Verb.Speak speak -> {
                    call.answer();
                    call.played(speak.text());
                }
                case Verb.Unsimulated unsimulated -> call.skipped(unsimulated.element());
                case Verb.Dial dial -> {
                    DialResult result = dial(call, dial);
                    if (dial.action() != null) {
                        WebhookResponse action = send(call, "dial-action", dial.method(), dial.action(),
                                actionParams(call, result));
                        if (!action.ok()) {
                            call.fail("the Dial action URL answered " + action.describe());
                            return null;
                        }
                        if (action.body().isBlank()) {
                            call.endOfInstructions();
                            return null;
                        }
                        return action.body();
                    }
                }
            }
        }
        call.endOfInstructions();
        return null;
    }

    /** Rings the first {@code <Number>}, bridges it when it answers, and reports through the Dial callback URL. */
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
        Ringing ringing = ringing(call.order(), timeout);
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
        if (ringing.status() == LegStatus.COMPLETED) {
            answeredAt = call.now();
            if (dial.callbackUrl() != null) {
                SequencedMap<String, String> params = new LinkedHashMap<>();
                params.put("Event", "DialAnswer");
                params.put("DialAction", "answer");
                params.put("DialBLegStatus", "answer");
                params.putAll(leg);
                send(call, "dial-answer", dial.callbackMethod(), dial.callbackUrl(), params);
            }
            talk = Math.min(call.order().talkSeconds(), dial.timeLimitSeconds());
            call.advance(talk);
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
                ringing.status(), talk, talk, ringing.cause(), legStart, answeredAt, call.now()));
        // Plivo leaves DialBLegUUID empty when nobody answered.
        return new DialResult(ringing.dialStatus(), answeredAt != null ? bLeg : "", ringing.cause(),
                ringing.rang());
    }

    /**
     * How the dialled phone reacts: an answering callee picks up after the ring time unless the Dial's timeout
     * comes first; a busy line refuses at once, without ringing; an unanswered phone rings until the timeout.
     */
    private static Ringing ringing(CallOrder order, long timeout) {
        return switch (order.callee()) {
            case ANSWER -> order.ringSeconds() < timeout
                    ? new Ringing(order.ringSeconds(), LegStatus.COMPLETED, DialStatus.COMPLETED,
                            HangupCause.NORMAL_CLEARING, true)
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

    private SequencedMap<String, String> answerParams(SimulatedCall call) {
        SequencedMap<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call.uuid());
        params.put("From", call.from().digits());
        params.put("To", call.to().digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "ringing");
        params.put("Event", "StartApp");
        params.put("CallerName", call.from().digits());
        params.put("SessionStart", SESSION_START.format(call.start()));
        params.put("ParentAuthID", properties.authId());
        return params;
    }

    private static SequencedMap<String, String> actionParams(SimulatedCall call, DialResult result) {
        SequencedMap<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call.uuid());
        params.put("From", call.from().digits());
        params.put("To", call.to().digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "in-progress");
        params.put("DialStatus", result.status().wire());
        params.put("DialALegUUID", call.uuid());
        params.put("DialBLegUUID", result.bLegUuid());
        params.put("DialHangupCause", result.cause().name());
        params.put("DialRingStatus", Boolean.toString(result.rang()));
        return params;
    }

    private static SequencedMap<String, String> hangupParams(SimulatedCall call) {
        long duration = call.duration();
        SequencedMap<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call.uuid());
        params.put("From", call.from().digits());
        params.put("To", call.to().digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "completed");
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
}
