package dev.veil.carrier.callapi;

import dev.veil.carrier.CarrierSimulatorIntegration;
import dev.veil.carrier.FakeApplication;
import dev.veil.carrier.FakeApplication.Received;
import dev.veil.carrier.FakeApplication.Reply;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.LegDirection;
import dev.veil.carrier.call.LegStatus;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.VN_DIGITS;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static dev.veil.carrier.TestNumbers.digits;
import static org.assertj.core.api.Assertions.assertThat;

/** The Call API (request-a-call): authentication, validation, and the outbound call it fires. */
class CallApiTests extends CarrierSimulatorIntegration {

    private static final String AUTH_ID = "MAVEILCARRIER0000001";
    private static final String PATH = "/v1/Account/" + AUTH_ID + "/Call/";
    private static final DateTimeFormatter WEBHOOK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Test
    void requestACallRingsTheFirstPartyShowingTheVirtualNumberThenDialsTheSecond() {
        String first = caller();
        String second = callee();
        web.put().uri("/sim/v1/phones/{number}", first).bodyValue(Map.of("answer_after_seconds", 4))
                .exchange().expectStatus().isOk();
        app.reply("/carrier/plivo/outbound-answer", digits(first), Reply.xml(app.routerDial(digits(second))));

        Map<String, Object> fired = fire(body(first)).expectStatus().isCreated()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat(fired).containsEntry("message", "call fired").containsKeys("api_id", "request_uuid");
        String requestUuid = (String) fired.get("request_uuid");

        CallReport report = finished(requestUuid);
        assertThat(report.direction()).isEqualTo(LegDirection.OUTBOUND);
        assertThat(report.requestUuid()).isEqualTo(requestUuid);
        List<Received> webhooks = app.webhooksOf(report.callUuid());
        assertThat(webhooks).extracting(Received::path).containsExactly("/carrier/plivo/outbound-answer",
                "/carrier/plivo/dial-events", "/carrier/plivo/dial-events", "/carrier/plivo/dial-status",
                "/carrier/plivo/hangup");
        assertThat(webhooks).allSatisfy(w -> assertThat(w.signatureValid()).as("signature of %s", w.path()).isTrue());
        assertThat(webhooks.getFirst().params()).containsEntry("Direction", "outbound")
                .containsEntry("CallUUID", report.callUuid()).containsEntry("From", VN_DIGITS)
                .containsEntry("To", digits(first)).containsEntry("CallStatus", "in-progress")
                .containsEntry("ALegUUID", report.callUuid()).containsEntry("ALegRequestUUID", requestUuid)
                .containsEntry("RequestUUID", requestUuid).containsEntry("Event", "StartApp");
        assertThat(webhooks.get(1).params()).containsEntry("DialBLegFrom", VN_DIGITS)
                .containsEntry("DialBLegTo", digits(second));
        assertThat(webhooks.get(3).params()).containsEntry("Direction", "outbound")
                .containsEntry("DialStatus", "completed");
        Map<String, String> hangup = webhooks.getLast().params();
        assertThat(hangup).containsEntry("Direction", "outbound").containsEntry("CallStatus", "completed")
                .containsEntry("HangupCause", "NORMAL_CLEARING").containsEntry("ALegRequestUUID", requestUuid)
                .containsEntry("Duration", "63").containsEntry("BillDuration", "63");
        Instant start = Instant.from(WEBHOOK_TIME.parse(hangup.get("StartTime")));
        assertThat(Instant.from(WEBHOOK_TIME.parse(hangup.get("AnswerTime")))).isEqualTo(start.plusSeconds(4));

        web.get().uri("/sim/v1/phones/{number}/calls", first).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.calls.length()").isEqualTo(1)
                .jsonPath("$.calls[0].direction").isEqualTo("incoming")
                .jsonPath("$.calls[0].caller_id_shown").isEqualTo(VN)
                .jsonPath("$.calls[0].answered").isEqualTo(true)
                .jsonPath("$.calls[0].duration").isEqualTo(63);
        web.get().uri("/sim/v1/phones/{number}/calls", second).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.calls[0].direction").isEqualTo("incoming")
                .jsonPath("$.calls[0].caller_id_shown").isEqualTo(VN)
                .jsonPath("$.calls[0].duration").isEqualTo(60);
    }

    @Test
    void aBusyOrUnansweredFirstPartyOnlyGetsTheHangupUrlCalled() {
        String busy = caller();
        String away = caller();
        web.put().uri("/sim/v1/phones/{number}", busy).bodyValue(Map.of("answer", "busy"))
                .exchange().expectStatus().isOk();
        web.put().uri("/sim/v1/phones/{number}", away).bodyValue(Map.of("answer", "no-answer"))
                .exchange().expectStatus().isOk();
        Map<String, Object> awayBody = new HashMap<>(body(away));
        awayBody.put("ring_timeout", 30);
        awayBody.put("hangup_method", "GET");

        CallReport refused = finished(requestUuid(fire(body(busy))));
        CallReport unanswered = finished(requestUuid(fire(awayBody)));

        assertThat(refused.status()).isEqualTo(LegStatus.BUSY);
        assertThat(app.webhooksOf(refused.callUuid())).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/carrier/plivo/hangup");
            assertThat(h.params()).containsEntry("CallStatus", "busy").containsEntry("HangupCause", "USER_BUSY")
                    .containsEntry("Duration", "0").containsEntry("AnswerTime", "");
        });
        assertThat(app.webhooksOf(unanswered.callUuid())).singleElement().satisfies(h -> {
            assertThat(h.method()).isEqualTo("GET");
            assertThat(h.signatureValid()).isTrue();
            assertThat(h.params()).containsEntry("CallStatus", "no-answer").containsEntry("HangupCause", "NO_ANSWER");
        });
        assertThat(Duration.between(unanswered.startTime(), unanswered.endTime())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theCarrierCredentialsAreRequired() {
        Map<String, Object> body = body(caller());
        for (WebTestClient.RequestHeadersSpec<?> request : List.of(
                web.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body),
                web.post().uri(PATH).headers(h -> h.setBasicAuth(AUTH_ID, "wrong"))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body),
                web.post().uri("/v1/Account/MAOTHER0000000000001/Call/")
                        .headers(h -> h.setBasicAuth("MAOTHER0000000000001", FakeApplication.TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body),
                web.post().uri(PATH).headers(h -> h.setBasicAuth(AUTH_ID, "wrong"))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json"))) {
            request.exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error").isEqualTo("Authentication credentials invalid.")
                    .jsonPath("$.api_id").isNotEmpty();
        }
    }

    @Test
    void invalidRequestsAreRefusedWith400() {
        String to = caller();
        String answer = app.baseUrl() + "/carrier/plivo/outbound-answer";
        refused(Map.of("to", to, "answer_url", answer), "from is required.");
        refused(Map.of("from", VN, "to", "12", "answer_url", answer), "to is not a valid phone number.");
        refused(Map.of("from", VN, "to", to + "<" + caller(), "answer_url", answer),
                "to: bulk calls (numbers separated by '<') are not supported by the simulator.");
        refused(Map.of("from", VN, "to", to), "answer_url is required.");
        refused(Map.of("from", VN, "to", to, "answer_url", "/relative"), "answer_url must be an absolute http(s) URL.");
        refused(Map.of("from", VN, "to", to, "answer_url", answer, "answer_method", "PUT"),
                "answer_method must be GET or POST.");
        refused(Map.of("from", VN, "to", to, "answer_url", answer, "ring_timeout", 0),
                "ring_timeout must be a whole number of seconds from 1 to 3600.");
        fire("{\"from\": ").expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("Invalid request body: expected a JSON object with from, to and answer_url.");
        web.get().uri("/sim/v1/requests/{uuid}", "00000000-0000-0000-0000-000000000000").exchange()
                .expectStatus().isNotFound();
    }

    private void refused(Map<String, Object> body, String error) {
        fire(body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(error);
    }

    private Map<String, Object> body(String to) {
        return Map.of("from", VN, "to", to, "answer_url", app.baseUrl() + "/carrier/plivo/outbound-answer",
                "answer_method", "POST", "hangup_url", app.baseUrl() + "/carrier/plivo/hangup");
    }

    private WebTestClient.ResponseSpec fire(Object body) {
        return web.post().uri(PATH).headers(h -> h.setBasicAuth(AUTH_ID, FakeApplication.TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String requestUuid(WebTestClient.ResponseSpec response) {
        Map<?, ?> body = response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        return (String) body.get("request_uuid");
    }

    /** The call runs in the background after the 201; its report appears once every webhook was sent. */
    private CallReport finished(String requestUuid) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var result = web.get().uri("/sim/v1/requests/{uuid}", requestUuid).exchange()
                    .returnResult(CallReport.class);
            if (result.getStatus().value() == 200) {
                return result.getResponseBody().blockFirst();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the call of request " + requestUuid + " did not end within 10 s");
    }
}
