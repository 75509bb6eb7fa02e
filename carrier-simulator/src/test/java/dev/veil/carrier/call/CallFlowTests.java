package dev.veil.carrier.call;

import dev.veil.carrier.CarrierSimulatorIntegration;
import dev.veil.carrier.FakeApplication.Received;
import dev.veil.carrier.FakeApplication.Reply;
import dev.veil.platform.webhook.PlivoSignatureV3;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.VN_DIGITS;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static dev.veil.carrier.TestNumbers.digits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Calls driven end to end against the fake application: the webhooks, their order, their parameters and
 * signatures, and the durations on the simulated clock.
 */
class CallFlowTests extends CarrierSimulatorIntegration {

    private static final DateTimeFormatter WEBHOOK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Test
    void answeredCallPostsEveryWebhookInPlivoOrderWithItsParameters() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 65));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly(
                "/carrier/plivo/answer", "/carrier/plivo/dial-events", "/carrier/plivo/dial-events",
                "/carrier/plivo/dial-status", "/carrier/plivo/hangup");
        assertThat(webhooks).allSatisfy(w -> {
            assertThat(w.signatureValid()).as("V3 signature of %s", w.path()).isTrue();
            assertThat(w.signatureV2Valid()).as("V2 signature of %s", w.path()).isTrue();
            assertThat(w.method()).isEqualTo("POST");
            assertThat(w.nonce()).matches("[0-9]{20}");
        });
        assertThat(webhooks).extracting(Received::nonce).doesNotHaveDuplicates();

        String bLeg = report.legs().get(1).callUuid();
        Map<String, String> answer = webhooks.get(0).params();
        assertThat(answer).containsEntry("CallUUID", report.callUuid()).containsEntry("From", digits(a))
                .containsEntry("To", VN_DIGITS).containsEntry("Direction", "inbound")
                .containsEntry("CallStatus", "ringing").containsEntry("Event", "StartApp")
                .containsEntry("ParentAuthID", "MAVEILCARRIER0000001").containsKeys("CallerName", "SessionStart");
        assertThat(webhooks.get(1).params()).containsEntry("DialAction", "answer")
                .containsEntry("DialALegUUID", report.callUuid()).containsEntry("DialBLegUUID", bLeg)
                .containsEntry("DialBLegStatus", "answer").containsEntry("DialBLegFrom", VN_DIGITS)
                .containsEntry("DialBLegTo", digits(b)).doesNotContainKey("DialBLegHangupCause");
        assertThat(webhooks.get(2).params()).containsEntry("DialAction", "hangup")
                .containsEntry("DialALegUUID", report.callUuid()).containsEntry("DialBLegUUID", bLeg)
                .containsEntry("DialBLegHangupCause", "NORMAL_CLEARING").containsEntry("DialBLegDuration", "65")
                .containsEntry("DialBLegBillDuration", "65");
        assertThat(webhooks.get(3).params()).containsEntry("DialStatus", "completed")
                .containsEntry("DialALegUUID", report.callUuid()).containsEntry("DialBLegUUID", bLeg)
                .containsEntry("DialHangupCause", "NORMAL_CLEARING").containsEntry("DialRingStatus", "true");
        Map<String, String> hangup = webhooks.get(4).params();
        assertThat(hangup).containsEntry("CallUUID", report.callUuid()).containsEntry("From", digits(a))
                .containsEntry("To", VN_DIGITS).containsEntry("Direction", "inbound")
                .containsEntry("CallStatus", "completed").containsEntry("HangupCause", "NORMAL_CLEARING")
                .containsEntry("Duration", "68").containsEntry("BillDuration", "68");
        Instant start = Instant.from(WEBHOOK_TIME.parse(hangup.get("StartTime")));
        assertThat(hangup.get("AnswerTime")).isEqualTo(hangup.get("StartTime"));
        assertThat(Instant.from(WEBHOOK_TIME.parse(hangup.get("EndTime")))).isEqualTo(start.plusSeconds(68));

        assertThat(report.status()).isEqualTo(LegStatus.COMPLETED);
        assertThat(report.hangupCause()).isEqualTo(HangupCause.NORMAL_CLEARING);
        assertThat(report.answerXml()).isEqualTo(app.routerDial(digits(b)));
        assertThat(report.webhooks()).extracting(WebhookReport::event)
                .containsExactly("answer", "dial-answer", "dial-hangup", "dial-action", "hangup");
        assertThat(report.webhooks()).extracting(WebhookReport::statusCode).containsOnly(200);
        LegReport aLeg = report.legs().get(0);
        assertThat(aLeg.direction()).isEqualTo(LegDirection.INBOUND);
        assertThat(aLeg.duration()).isEqualTo(68);
        assertThat(aLeg.billDuration()).isEqualTo(68);
        LegReport dialled = report.legs().get(1);
        assertThat(dialled.direction()).isEqualTo(LegDirection.OUTBOUND);
        assertThat(dialled.to()).isEqualTo(b);
        assertThat(dialled.callerIdShown()).isEqualTo(VN);
        assertThat(dialled.status()).isEqualTo(LegStatus.COMPLETED);
        assertThat(dialled.duration()).isEqualTo(65);
        assertThat(dialled.hangupCause()).isEqualTo(HangupCause.NORMAL_CLEARING);
        assertThat(dialled.answerTime()).isEqualTo(aLeg.startTime().plusSeconds(3));
    }

    @Test
    void signaturesAreBoundToTheCarrierToken() {
        String a = caller();
        app.route(digits(a), digits(callee()));

        CallReport report = call(Map.of("from", a, "to", VN));

        Received answer = app.webhooksOf(report.callUuid()).getFirst();
        Map<String, List<String>> params = answer.params().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        assertThat(PlivoSignatureV3.verify("POST", answer.url(), params, answer.nonce(), answer.signature(),
                "another-token")).isFalse();
        assertThat(PlivoSignatureV3.verify("POST", answer.url(), params, answer.nonce(), answer.signature(),
                "test-carrier-token")).isTrue();
    }

    @Test
    void anHourLongCallTakesNoRealTime() {
        String a = caller();
        app.route(digits(a), digits(callee()));

        long started = System.nanoTime();
        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 3600));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(report.legs().get(1).duration()).isEqualTo(3600);
        assertThat(report.legs().get(0).duration()).isEqualTo(3603);
        assertThat(Duration.between(report.startTime(), report.endTime())).isEqualTo(Duration.ofSeconds(3603));
        assertThat(app.webhooksOf(report.callUuid()).getLast().params()).containsEntry("Duration", "3603");
    }

    @Test
    void timeLimitCutsTheTalk() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Dial callerId=\"" + VN_DIGITS + "\" timeLimit=\"30\""
                + " callbackUrl=\"" + app.baseUrl() + "/carrier/plivo/dial-events\"><Number>" + digits(b)
                + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 65));

        assertThat(report.legs().get(1).duration()).isEqualTo(30);
        assertThat(report.legs().get(0).duration()).isEqualTo(33);
        List<Received> webhooks = app.webhooksOf(report.callUuid());
        // No action URL in that Dial: no dial-status webhook, and the call ends after the Dial.
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/dial-events", "/carrier/plivo/dial-events", "/carrier/plivo/hangup");
        assertThat(webhooks.get(2).params()).containsEntry("DialBLegDuration", "30");
        assertThat(webhooks.get(3).params()).containsEntry("Duration", "33").containsEntry("BillDuration", "33");
    }

    @Test
    void busyCalleeEndsTheDialAtOnceWithoutABLegUuid() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));

        CallReport report = call(Map.of("from", a, "to", VN, "callee", "busy"));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/dial-events", "/carrier/plivo/dial-status", "/carrier/plivo/hangup");
        assertThat(webhooks.get(1).params()).containsEntry("DialAction", "hangup")
                .containsEntry("DialBLegHangupCause", "USER_BUSY").containsEntry("DialBLegDuration", "0");
        assertThat(webhooks.get(2).params()).containsEntry("DialStatus", "busy").containsEntry("DialBLegUUID", "")
                .containsEntry("DialHangupCause", "USER_BUSY").containsEntry("DialRingStatus", "false");
        assertThat(webhooks.get(3).params()).containsEntry("Duration", "0")
                .containsEntry("HangupCause", "NORMAL_CLEARING");
        assertThat(report.legs().get(1).status()).isEqualTo(LegStatus.BUSY);
        assertThat(report.legs().get(1).duration()).isZero();
    }

    @Test
    void unansweredCalleeRingsUntilTheDialTimeout() {
        String a = caller();
        app.route(digits(a), digits(callee()));

        CallReport report = call(Map.of("from", a, "to", VN, "callee", "no-answer"));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/dial-events", "/carrier/plivo/dial-status", "/carrier/plivo/hangup");
        assertThat(webhooks.get(1).params()).containsEntry("DialBLegHangupCause", "NO_ANSWER");
        assertThat(webhooks.get(2).params()).containsEntry("DialStatus", "no-answer")
                .containsEntry("DialBLegUUID", "").containsEntry("DialRingStatus", "true");
        // The router's Dial has timeout="45": the caller waited 45 s, with the call answered by the application.
        assertThat(webhooks.get(3).params()).containsEntry("Duration", "45");
        assertThat(report.legs().get(1).status()).isEqualTo(LegStatus.NO_ANSWER);
        assertThat(Duration.between(report.startTime(), report.endTime())).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aCalleeSlowerThanTheDialTimeoutIsNoAnswer() {
        String a = caller();
        app.route(digits(a), digits(callee()));

        CallReport report = call(Map.of("from", a, "to", VN, "ring_seconds", 50));

        assertThat(report.legs().get(1).status()).isEqualTo(LegStatus.NO_ANSWER);
        assertThat(app.webhooksOf(report.callUuid()).get(2).params()).containsEntry("DialStatus", "no-answer");
        assertThat(report.legs().get(0).duration()).isEqualTo(45);
    }

    @Test
    void hangupXmlRejectsTheCallUnanswered() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response><Hangup reason=\"rejected\"/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path)
                .containsExactly("/carrier/plivo/answer", "/carrier/plivo/hangup");
        assertThat(webhooks.get(1).params()).containsEntry("HangupCause", "CALL_REJECTED")
                .containsEntry("Duration", "0").containsEntry("BillDuration", "0").containsEntry("AnswerTime", "");
        assertThat(report.status()).isEqualTo(LegStatus.REJECTED);
        assertThat(report.legs()).hasSize(1);
        assertThat(report.answerXml()).isEqualTo("<Response><Hangup reason=\"rejected\"/></Response>");
    }

    @Test
    void emptyResponseHangsUpNormally() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response/>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(app.webhooksOf(report.callUuid())).extracting(Received::path)
                .containsExactly("/carrier/plivo/answer", "/carrier/plivo/hangup");
        assertThat(app.webhooksOf(report.callUuid()).getLast().params())
                .containsEntry("HangupCause", "NORMAL_CLEARING").containsEntry("Duration", "0");
        assertThat(report.status()).isEqualTo(LegStatus.REJECTED);
    }

    @Test
    void failingAnswerUrlHangsTheCallUpAndIsReported() {
        String a = caller();
        app.answer(digits(a), new Reply(500, "boom"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(report.webhooks()).extracting(WebhookReport::event, WebhookReport::statusCode)
                .containsExactly(tuple("answer", 500), tuple("hangup", 200));
        assertThat(report.status()).isEqualTo(LegStatus.FAILED);
        assertThat(report.hangupCause()).isEqualTo(HangupCause.NORMAL_TEMPORARY_FAILURE);
        assertThat(report.error()).contains("500");
        assertThat(report.answerXml()).isNull();
        assertThat(app.webhooksOf(report.callUuid()).getLast().params())
                .containsEntry("HangupCause", "NORMAL_TEMPORARY_FAILURE").containsEntry("Duration", "0");
    }

    @Test
    void invalidXmlHangsTheCallUp() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response><Dance/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(report.status()).isEqualTo(LegStatus.FAILED);
        assertThat(report.error()).contains("<Dance>");
        assertThat(report.webhooks()).extracting(WebhookReport::event).containsExactly("answer", "hangup");
    }

    @Test
    void playAndSpeakAreRecordedAndTheActionXmlRunsAfterTheDial() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Play>https://media.example/hello.mp3</Play>"
                + "<DTMF>12</DTMF>" + app.routerDial(digits(b)).substring("<Response>".length())));
        app.action(digits(a), Reply.xml("<Response><Speak>The other party hung up.</Speak></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 10));

        assertThat(report.played()).containsExactly("https://media.example/hello.mp3", "The other party hung up.");
        assertThat(report.skipped()).containsExactly("DTMF");
        assertThat(report.status()).isEqualTo(LegStatus.COMPLETED);
        assertThat(report.legs().get(0).duration()).isEqualTo(13);
    }

    @Test
    void dialWithoutCallerIdShowsTheCallersNumber() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Dial><Number>" + digits(b) + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(report.legs().get(1).callerIdShown()).isEqualTo(a);
        assertThat(report.webhooks()).extracting(WebhookReport::event).containsExactly("answer", "hangup");
    }

    @Test
    void dialToAnInvalidNumberFails() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response><Dial action=\"" + app.baseUrl() + "/carrier/plivo/dial-status\">"
                + "<Number>12</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(report.legs()).hasSize(1);
        assertThat(app.webhooksOf(report.callUuid()).get(1).params()).containsEntry("DialStatus", "failed")
                .containsEntry("DialHangupCause", "INVALID_NUMBER_FORMAT").containsEntry("DialBLegUUID", "");
    }

    @Test
    void actionUrlWithQueryAndGetMethodIsSignedOverTheExactUrl() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Dial callerId=\"" + VN_DIGITS + "\" action=\"" + app.baseUrl()
                + "/carrier/plivo/dial-status?leg=a&amp;n=1\" method=\"GET\"><Number>" + digits(b)
                + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        Received action = app.webhooksOf(report.callUuid()).get(1);
        assertThat(action.method()).isEqualTo("GET");
        assertThat(action.url()).startsWith(app.baseUrl() + "/carrier/plivo/dial-status?leg=a&n=1&");
        assertThat(action.params()).containsEntry("leg", "a").containsEntry("DialStatus", "completed");
        assertThat(action.signatureValid()).isTrue();
        assertThat(report.webhooks().get(1).statusCode()).isEqualTo(200);
    }

    @Test
    void unreachableActionUrlIsReportedAndEndsTheCallAfterTheConversation() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Dial callerId=\"" + VN_DIGITS + "\" callbackUrl=\""
                + app.baseUrl() + "/carrier/plivo/dial-events\" action=\"http://127.0.0.1:1/nowhere\">"
                + "<Number>" + digits(b) + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 20));

        WebhookReport action = report.webhooks().get(3);
        assertThat(action.event()).isEqualTo("dial-action");
        assertThat(action.statusCode()).isNull();
        assertThat(action.failure()).isNotBlank();
        // The conversation happened; only the instructions after it could not be fetched.
        assertThat(report.status()).isEqualTo(LegStatus.COMPLETED);
        assertThat(report.hangupCause()).isEqualTo(HangupCause.NORMAL_TEMPORARY_FAILURE);
        assertThat(report.legs().get(1).duration()).isEqualTo(20);
    }

    @Test
    void failingDialCallbacksAreRecordedAndTheCallGoesOn() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Dial callerId=\"" + VN_DIGITS + "\" callbackUrl=\""
                + app.baseUrl() + "/missing\"><Number>" + digits(b) + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 20));

        assertThat(report.webhooks()).extracting(WebhookReport::event, WebhookReport::statusCode).containsExactly(
                tuple("answer", 200), tuple("dial-answer", 404), tuple("dial-hangup", 404), tuple("hangup", 200));
        assertThat(report.status()).isEqualTo(LegStatus.COMPLETED);
        assertThat(report.hangupCause()).isEqualTo(HangupCause.NORMAL_CLEARING);
        assertThat(report.error()).isNull();
        assertThat(report.legs().get(1).duration()).isEqualTo(20);
    }

    @Test
    void anApplicationThatDialsForeverIsCutOff() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));
        app.action(digits(a), Reply.xml(app.routerDial(digits(b))));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 1));

        assertThat(report.webhooks()).filteredOn(w -> w.event().equals("dial-action"))
                .hasSize(CallSimulator.MAX_DOCUMENTS);
        assertThat(report.legs()).hasSize(1 + CallSimulator.MAX_DOCUMENTS);
        assertThat(report.error()).contains("XML documents");
        assertThat(report.webhooks().getLast().event()).isEqualTo("hangup");
    }

    private CallReport call(Map<String, Object> body) {
        CallReport report = place(body).expectStatus().isOk().expectBody(CallReport.class).returnResult()
                .getResponseBody();
        assertThat(report).isNotNull();
        return report;
    }
}
