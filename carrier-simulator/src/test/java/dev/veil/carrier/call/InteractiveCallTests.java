package dev.veil.carrier.call;

import dev.veil.carrier.CarrierSimulatorIntegration;
import dev.veil.carrier.FakeApplication.Received;
import dev.veil.carrier.FakeApplication.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.VN_DIGITS;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static dev.veil.carrier.TestNumbers.digits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interactive elements against the fake application: GetDigits (PIN prompts, retries, silence, invalid keys,
 * redirect), Play heard by the caller, Hangup reasons, Dial confirmSound heard by the callee, and scripted phones.
 */
class InteractiveCallTests extends CarrierSimulatorIntegration {

    private static final String PROMPT = "https://media.example/enter-pin.mp3";
    private static final String WRONG = "https://media.example/wrong-pin.mp3";
    private static final String CONNECTING = "https://media.example/connecting.mp3";

    @Test
    void pinPromptTakesTheCallersSuccessiveEntriesAndTheActionXmlConnectsTheCall() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response>" + getDigits("") + "</Response>"));
        app.reply("/carrier/plivo/pin", digits(a),
                Reply.xml("<Response><Play>" + WRONG + "</Play><Wait length=\"5\"/>" + getDigits("") + "</Response>"),
                Reply.xml("<Response><Play>" + CONNECTING + "</Play>"
                        + app.routerDial(digits(b)).substring("<Response>".length())));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 20,
                "digits", List.of("0000#", "1234#")));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/pin", "/carrier/plivo/pin", "/carrier/plivo/dial-events",
                "/carrier/plivo/dial-events", "/carrier/plivo/dial-status", "/carrier/plivo/hangup");
        assertThat(webhooks).allSatisfy(w -> assertThat(w.signatureValid()).as("signature of %s", w.path()).isTrue());
        assertThat(webhooks.get(1).params()).containsEntry("Digits", "0000").containsEntry("CallUUID",
                report.callUuid()).containsEntry("From", digits(a)).containsEntry("To", VN_DIGITS)
                .containsEntry("Direction", "inbound").containsEntry("CallStatus", "in-progress");
        assertThat(webhooks.get(2).params()).containsEntry("Digits", "1234");
        assertThat(report.webhooks()).extracting(WebhookReport::event).containsExactly("answer", "get-digits",
                "get-digits", "dial-answer", "dial-hangup", "dial-action", "hangup");

        LegReport aLeg = report.aLeg();
        assertThat(aLeg.heard()).containsExactly(PROMPT, WRONG, PROMPT, CONNECTING);
        assertThat(report.played()).isEqualTo(aLeg.heard());
        assertThat(aLeg.digitsTyped()).containsExactly("0000#", "1234#");
        // Five keys per entry (a second each), the 5 s wait, 3 s of ringing, 20 s of talk.
        assertThat(aLeg.duration()).isEqualTo(38);
        LegReport bLeg = report.legs().get(1);
        assertThat(bLeg.callerIdShown()).isEqualTo(VN);
        assertThat(bLeg.heard()).isEmpty();
        assertThat(bLeg.answerTime()).isEqualTo(report.startTime().plusSeconds(18));

        web.get().uri("/sim/v1/phones/{number}/calls", a).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.calls[0].heard.length()").isEqualTo(4)
                .jsonPath("$.calls[0].heard[1]").isEqualTo(WRONG)
                .jsonPath("$.calls[0].digits_typed[1]").isEqualTo("1234#");
    }

    @Test
    void silenceAtEveryAttemptPostsEmptyDigitsAfterTheRetries() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response>" + getDigits(" timeout=\"7\" retries=\"2\"") + "</Response>"));
        app.reply("/carrier/plivo/pin", digits(a), Reply.xml("<Response><Hangup reason=\"busy\"/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/pin", "/carrier/plivo/hangup");
        assertThat(webhooks.get(1).params()).containsEntry("Digits", "");
        assertThat(webhooks.get(2).params()).containsEntry("HangupCause", "USER_BUSY").containsEntry("Duration", "14");
        assertThat(report.aLeg().heard()).containsExactly(PROMPT, PROMPT);
        assertThat(report.aLeg().digitsTyped()).isEmpty();
        assertThat(report.hangupCause()).isEqualTo(HangupCause.USER_BUSY);
    }

    @Test
    void scriptedKeysAreCheckedAgainstValidDigitsAndNumDigitsAndRedirectFalseGoesOn() {
        String a = caller();
        web.put().uri("/sim/v1/phones/{number}", a).bodyValue(Map.of("digits", List.of("*1#", "98765")))
                .exchange().expectStatus().isOk();
        app.answer(digits(a), Reply.xml("<Response>" + getDigits(" retries=\"2\" numDigits=\"3\""
                + " validDigits=\"0123456789#\" invalidDigitsSound=\"" + WRONG + "\" redirect=\"false\"")
                + "<Speak>Thank you</Speak></Response>"));
        // Ignored: with redirect="false" the document goes on after the action URL is told.
        app.reply("/carrier/plivo/pin", digits(a), Reply.xml("<Response><Hangup reason=\"rejected\"/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(app.webhooksOf(report.callUuid()).get(1).params()).containsEntry("Digits", "987");
        assertThat(report.webhooks()).extracting(WebhookReport::event)
                .containsExactly("answer", "get-digits", "hangup");
        assertThat(report.aLeg().heard()).containsExactly(PROMPT, WRONG, PROMPT, "Thank you");
        assertThat(report.aLeg().digitsTyped()).containsExactly("*1#", "98765");
        assertThat(report.hangupCause()).isEqualTo(HangupCause.NORMAL_CLEARING);
        // '*' (1 s), then three keys reaching numDigits (3 s).
        assertThat(report.aLeg().duration()).isEqualTo(4);
    }

    @Test
    void hangupWithReasonBusyEndsTheCallUnanswered() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response><Hangup reason=\"busy\"/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN));

        assertThat(report.status()).isEqualTo(LegStatus.REJECTED);
        assertThat(app.webhooksOf(report.callUuid()).getLast().params()).containsEntry("HangupCause", "USER_BUSY")
                .containsEntry("Duration", "0").containsEntry("AnswerTime", "");
    }

    @Test
    void playBeforeTheDialIsHeardByTheCallerAndConfirmSoundByTheCallee() {
        String a = caller();
        String b = callee();
        String confirm = "https://media.example/masked-call.mp3";
        app.answer(digits(a), Reply.xml("<Response><Play>" + CONNECTING + "</Play><Dial callerId=\"" + VN_DIGITS
                + "\" confirmSound=\"" + confirm + "\"><Number>" + digits(b) + "</Number></Dial></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 5));

        assertThat(report.aLeg().heard()).containsExactly(CONNECTING);
        assertThat(report.legs().get(1).heard()).containsExactly(confirm);
        web.get().uri("/sim/v1/phones/{number}/calls", b).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.calls[0].caller_id_shown").isEqualTo(VN)
                .jsonPath("$.calls[0].heard[0]").isEqualTo(confirm)
                .jsonPath("$.calls[0].digits_typed").isEmpty();
    }

    @Test
    void aScriptedCalleeAnswersAfterItsDelayAndHangsUpBeforeTheCaller() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));
        web.put().uri("/sim/v1/phones/{number}", b)
                .bodyValue(Map.of("answer", "answer", "answer_after_seconds", 7, "hang_up_after_seconds", 12))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.number").isEqualTo(b).jsonPath("$.hang_up_after_seconds").isEqualTo(12);

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 100));

        LegReport bLeg = report.legs().get(1);
        assertThat(bLeg.answerTime()).isEqualTo(report.startTime().plusSeconds(7));
        assertThat(bLeg.duration()).isEqualTo(12);
        assertThat(report.aLeg().duration()).isEqualTo(19);
    }

    @Test
    void scriptedBusyAndUnansweredPhonesWinOverTheCallsDefaults() {
        String a = caller();
        String busy = callee();
        String away = callee();
        web.put().uri("/sim/v1/phones/{number}", busy).bodyValue(Map.of("answer", "busy"))
                .exchange().expectStatus().isOk();
        web.put().uri("/sim/v1/phones/{number}", away).bodyValue(Map.of("answer", "no-answer"))
                .exchange().expectStatus().isOk();

        app.route(digits(a), digits(busy));
        CallReport first = call(Map.of("from", a, "to", VN, "callee", "answer"));
        app.route(digits(a), digits(away));
        CallReport second = call(Map.of("from", a, "to", VN, "callee", "answer"));

        assertThat(first.legs().get(1).status()).isEqualTo(LegStatus.BUSY);
        assertThat(app.webhooksOf(first.callUuid()).get(2).params()).containsEntry("DialStatus", "busy");
        assertThat(second.legs().get(1).status()).isEqualTo(LegStatus.NO_ANSWER);
        assertThat(app.webhooksOf(second.callUuid()).get(2).params()).containsEntry("DialStatus", "no-answer");
        assertThat(second.aLeg().duration()).isEqualTo(45);

        web.delete().uri("/sim/v1/phones/{number}", busy).exchange().expectStatus().isNoContent();
        app.route(digits(a), digits(busy));
        assertThat(call(Map.of("from", a, "to", VN)).legs().get(1).status()).isEqualTo(LegStatus.COMPLETED);
    }

    @Test
    void phoneScriptsAreValidated() {
        refused(Map.of("answer", "maybe"), "answer must be one of answer, busy, no-answer.");
        refused(Map.of("answer_after_seconds", -1),
                "answer_after_seconds must be a whole number of seconds from 0 to 3600.");
        refused(Map.of("hang_up_after_seconds", 90_000),
                "hang_up_after_seconds must be a whole number of seconds from 0 to 86400.");
        refused(Map.of("digits", List.of(1, 2)), "digits must be a string, or a list of strings, of at most 64 keys "
                + "among 0-9, * and #, e.g. \"1234#\" or [\"0000#\", \"1234#\"].");
        refused(Map.of("digits", "12a"), "digits must be a string, or a list of strings, of at most 64 keys "
                + "among 0-9, * and #, e.g. \"1234#\" or [\"0000#\", \"1234#\"].");
        web.put().uri("/sim/v1/phones/{number}", "12").bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest();
        place(Map.of("from", caller(), "to", VN, "digits", Map.of("a", 1))).expectStatus().isBadRequest();
    }

    private void refused(Map<String, Object> body, String error) {
        web.put().uri("/sim/v1/phones/{number}", callee()).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }

    private String getDigits(String attributes) {
        return "<GetDigits action=\"" + app.baseUrl() + "/carrier/plivo/pin\" method=\"POST\""
                + " finishOnKey=\"#\"" + attributes + "><Play>" + PROMPT + "</Play></GetDigits>";
    }

    private CallReport call(Map<String, Object> body) {
        CallReport report = place(body).expectStatus().isOk().expectBody(CallReport.class).returnResult()
                .getResponseBody();
        assertThat(report).isNotNull();
        return report;
    }
}
