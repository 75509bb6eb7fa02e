package dev.veil.carrier.recording;

import dev.veil.carrier.CarrierSimulatorIntegration;
import dev.veil.carrier.FakeApplication.Received;
import dev.veil.carrier.FakeApplication.Reply;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.WebhookReport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.VN_DIGITS;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static dev.veil.carrier.TestNumbers.digits;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code <Record>} end to end: the action and callback webhooks, and the media they point at. */
class RecordingFlowTests extends CarrierSimulatorIntegration {

    @Test
    void recordingStartingOnDialAnswerCoversTheBridgedTalkAndIsReportedAfterTheHangup() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response>" + record("startOnDialAnswer=\"true\" recordSession=\"true\""
                + " fileFormat=\"wav\" redirect=\"false\"") + app.routerDial(digits(b)).substring("<Response>".length())));
        // Ignored: redirect="false".
        app.reply("/carrier/plivo/recording-action", digits(a), Reply.xml("<Response><Hangup/></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 20));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/recording-action", "/carrier/plivo/dial-events", "/carrier/plivo/dial-events",
                "/carrier/plivo/dial-status", "/carrier/plivo/hangup", "/carrier/plivo/recording");
        assertThat(webhooks).allSatisfy(w -> assertThat(w.signatureValid()).as("signature of %s", w.path()).isTrue());
        Map<String, String> action = webhooks.get(1).params();
        Map<String, String> callback = webhooks.getLast().params();
        assertThat(action).containsEntry("CallUUID", report.callUuid()).containsEntry("RecordingDuration", "-1")
                .containsEntry("RecordingDurationMs", "-1").containsEntry("RecordingStartMs", "-1")
                .containsEntry("RecordingEndMs", "-1");
        assertThat(action.get("RecordUrl")).startsWith("http://127.0.0.1:8090/sim/v1/recordings/").endsWith("/sim/v1/recordings/" + action.get("RecordingID") + ".wav");
        long bridged = report.legs().get(1).answerTime().toEpochMilli();
        assertThat(callback).containsEntry("CallUUID", report.callUuid())
                .containsEntry("RecordingID", action.get("RecordingID")).containsEntry("RecordUrl", action.get("RecordUrl"))
                .containsEntry("RecordingDuration", "20").containsEntry("RecordingDurationMs", "20000")
                .containsEntry("RecordingStartMs", Long.toString(bridged))
                .containsEntry("RecordingEndMs", Long.toString(bridged + 20_000));
        assertThat(report.recordings()).singleElement().satisfies(r -> {
            assertThat(r.durationMs()).isEqualTo(20_000);
            assertThat(r.fileFormat()).isEqualTo("wav");
        });
        assertThat(report.webhooks()).extracting(WebhookReport::event).contains("record-action", "record-callback");

        String path = URI.create(callback.get("RecordUrl")).getPath();
        byte[] wav = web.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/wav")
                .expectBody().returnResult().getResponseBody();
        assertThat(wav).hasSize(44 + 20 * 8_000);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        web.get().uri(path).header("Range", "bytes=8-11").exchange()
                .expectStatus().isEqualTo(206)
                .expectHeader().valueEquals("Content-Range", "bytes 8-11/" + wav.length)
                .expectBody(String.class).isEqualTo("WAVE");
        web.get().uri(path.replace(".wav", ".mp3")).exchange().expectStatus().isNotFound();
    }

    @Test
    void theRoutersRecordUrlsWithTheirQueryAreSignedAsGivenAndCalledAtStartAndAfterTheHangup() {
        String a = caller();
        String b = callee();
        String url = app.baseUrl() + "/carrier/plivo/recording?session_uuid=5e551011-0000-4000-8000-000000000001"
                + "&account_id=MAVEILDEMO0000000001";
        // As call-router writes it: both callbacks to recording-service's URL, the session and account in its query.
        app.answer(digits(a), Reply.xml("<Response><Record action=\"" + url.replace("&", "&amp;")
                + "\" method=\"POST\" startOnDialAnswer=\"true\" recordSession=\"true\" fileFormat=\"mp3\""
                + " redirect=\"false\" callbackUrl=\"" + url.replace("&", "&amp;")
                + "\" callbackMethod=\"POST\"/>"
                + app.routerDial(digits(b)).substring("<Response>".length())));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 5));

        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/answer",
                "/carrier/plivo/recording", "/carrier/plivo/dial-events", "/carrier/plivo/dial-events",
                "/carrier/plivo/dial-status", "/carrier/plivo/hangup", "/carrier/plivo/recording");
        // The signature covers the exact URL, query included (V3), and the receiver checks it over that URL.
        assertThat(List.of(webhooks.get(1), webhooks.getLast())).allSatisfy(w -> {
            assertThat(w.url()).isEqualTo(url);
            assertThat(w.signatureValid()).isTrue();
        });
        assertThat(webhooks.get(1).params()).containsEntry("RecordingDuration", "-1");
        assertThat(webhooks.getLast().params()).containsEntry("RecordingDuration", "5")
                .containsEntry("RecordingID", webhooks.get(1).params().get("RecordingID"));
    }

    @Test
    void sessionRecordingRunsFromTheRecordElementToTheEndOfTheCallInMp3() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response><Record recordSession=\"true\" callbackUrl=\"" + app.baseUrl()
                + "/carrier/plivo/recording\"/>" + app.routerDial(digits(b)).substring("<Response>".length())));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 10));

        Map<String, String> callback = app.webhooksOf(report.callUuid()).getLast().params();
        assertThat(callback).containsEntry("RecordingDuration", "13")
                .containsEntry("RecordingStartMs", Long.toString(report.startTime().toEpochMilli()));
        byte[] mp3 = web.get().uri(URI.create(callback.get("RecordUrl")).getPath()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/mpeg")
                .expectBody().returnResult().getResponseBody();
        assertThat(mp3).hasSize((13_000 + 35) / 36 * 36);
        assertThat(mp3[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void aRecordingWaitingForAnAnswerThatNeverComesIsNotReported() {
        String a = caller();
        String b = callee();
        app.answer(digits(a), Reply.xml("<Response>" + record("startOnDialAnswer=\"true\" redirect=\"false\"")
                + app.routerDial(digits(b)).substring("<Response>".length())));
        app.reply("/carrier/plivo/recording-action", digits(a), new Reply(200, ""));

        CallReport report = call(Map.of("from", a, "to", VN, "callee", "busy"));

        assertThat(report.recordings()).isEmpty();
        assertThat(report.webhooks()).extracting(WebhookReport::event)
                .containsExactly("answer", "record-action", "dial-hangup", "dial-action", "hangup");
    }

    @Test
    void aBlockingRecordRecordsTheCallersMessageAndRedirectsToTheActionXml() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response>" + record("maxLength=\"30\"") + "<Speak>Not reached</Speak>"
                + "</Response>"));
        app.reply("/carrier/plivo/recording-action", digits(a),
                Reply.xml("<Response><Speak>Goodbye</Speak></Response>"));

        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 12));

        Map<String, String> action = app.webhooksOf(report.callUuid()).get(1).params();
        assertThat(action).containsEntry("RecordingDuration", "12").containsEntry("RecordingDurationMs", "12000");
        assertThat(report.played()).containsExactly("Goodbye");
        assertThat(report.aLeg().duration()).isEqualTo(12);
        assertThat(app.webhooksOf(report.callUuid()).getLast().params())
                .containsEntry("RecordingID", action.get("RecordingID")).containsEntry("RecordingDuration", "12");
    }

    @Test
    void mediaCanBeMadeUnavailableForFailurePaths() {
        String a = caller();
        app.answer(digits(a), Reply.xml("<Response><Record recordSession=\"true\" callbackUrl=\"" + app.baseUrl()
                + "/carrier/plivo/recording\"/><Dial callerId=\"" + VN_DIGITS + "\"><Number>" + digits(callee())
                + "</Number></Dial></Response>"));
        CallReport report = call(Map.of("from", a, "to", VN, "talk_seconds", 1));
        String path = URI.create(report.recordings().getFirst().recordUrl()).getPath();
        try {
            web.put().uri("/sim/v1/recordings/availability").bodyValue(Map.of("available", false)).exchange()
                    .expectStatus().isOk();
            web.get().uri(path).exchange().expectStatus().isEqualTo(503);
            web.put().uri("/sim/v1/recordings/availability").bodyValue(Map.of("available", false, "status", 404))
                    .exchange().expectStatus().isOk();
            web.get().uri(path).exchange().expectStatus().isNotFound();
            web.put().uri("/sim/v1/recordings/availability").bodyValue(Map.of("available", false, "status", 302))
                    .exchange().expectStatus().isBadRequest();
            web.put().uri("/sim/v1/recordings/availability").bodyValue(Map.of()).exchange()
                    .expectStatus().isBadRequest();
        } finally {
            web.put().uri("/sim/v1/recordings/availability").bodyValue(Map.of("available", true)).exchange()
                    .expectStatus().isOk();
        }
        web.get().uri(path).exchange().expectStatus().isOk();
        web.get().uri("/sim/v1/recordings/{id}.mp3", "00000000-0000-0000-0000-000000000000").exchange()
                .expectStatus().isNotFound();
        assertThat(report.recordings().getFirst().startMs())
                .isEqualTo(Instant.from(report.startTime()).toEpochMilli());
    }

    private String record(String attributes) {
        return "<Record action=\"" + app.baseUrl() + "/carrier/plivo/recording-action\" " + attributes
                + " callbackUrl=\"" + app.baseUrl() + "/carrier/plivo/recording\" callbackMethod=\"POST\"/>";
    }

    private CallReport call(Map<String, Object> body) {
        CallReport report = place(body).expectStatus().isOk().expectBody(CallReport.class).returnResult()
                .getResponseBody();
        assertThat(report).isNotNull();
        return report;
    }
}
