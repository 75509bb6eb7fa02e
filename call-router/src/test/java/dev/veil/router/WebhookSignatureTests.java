package dev.veil.router;

import dev.veil.events.CallEnded;
import dev.veil.events.InteractionStarted;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every webhook's signature is checked before anything happens: a forged request changes nothing. */
class WebhookSignatureTests extends RouterIntegrationTest {

    static final String HANGUP = "/carrier/plivo/hangup";

    @Test
    void unsignedAnswerIsForbiddenAndChangesNothing() {
        TestSession session = created(SessionMother.live());
        String forged = callUuid();
        double rejectedBefore = counter("veil.webhooks.rejected", "carrier", "plivo", "webhook", "answer",
                "reason", "signature");

        web.post().uri(ANSWER).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(answer(forged, session, true))))
                .exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("invalid signature");

        assertNothingHappened(session, forged);
        assertThat(counter("veil.webhooks.rejected", "carrier", "plivo", "webhook", "answer", "reason", "signature"))
                .isEqualTo(rejectedBefore + 1);
    }

    @Test
    void answerSignedOverTheHostItReachedRatherThanThePublicUrlIsForbidden() {
        TestSession session = created(SessionMother.live());
        String forged = callUuid();

        post(ANSWER, answer(forged, session, true), "http://localhost" + ANSWER, CARRIER_TOKEN)
                .expectStatus().isForbidden();

        assertNothingHappened(session, forged);
    }

    @Test
    void answerSignedWithAnotherTokenIsForbidden() {
        TestSession session = created(SessionMother.live());
        String forged = callUuid();

        post(ANSWER, answer(forged, session, true), BASE_URL + ANSWER, "someone-elses-token")
                .expectStatus().isForbidden();

        assertNothingHappened(session, forged);
    }

    @Test
    void answerWhoseParametersWereChangedAfterSigningIsForbidden() {
        TestSession session = created(SessionMother.live());
        String forged = callUuid();
        Map<String, String> signed = answer(forged, session, true);
        String nonce = "4242";
        String signature = dev.veil.platform.webhook.PlivoSignatureV3.sign("POST", BASE_URL + ANSWER,
                form(signed), nonce, CARRIER_TOKEN);
        Map<String, String> tampered = answer(forged, session, false);

        web.post().uri(ANSWER)
                .header(dev.veil.platform.webhook.PlivoSignatureV3.SIGNATURE_HEADER, signature)
                .header(dev.veil.platform.webhook.PlivoSignatureV3.NONCE_HEADER, nonce)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(tampered)))
                .exchange().expectStatus().isForbidden();

        assertNothingHappened(session, forged);
    }

    @Test
    void forgedHangupOfABridgedCallIsForbiddenAndTheRealOneStillEndsTheCall() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();
        post(ANSWER, answer(call, session, true)).expectStatus().isOk();
        Map<String, String> hangup = Map.of("CallUUID", call, "HangupCause", "NORMAL_CLEARING", "Duration", "5",
                "BillDuration", "5");

        post(HANGUP, hangup, BASE_URL + HANGUP, "someone-elses-token").expectStatus().isForbidden();
        assertThat(loggedKinds(call)).containsExactly("answer");

        post(HANGUP, hangup).expectStatus().isOk();
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(CallEnded.class::isInstance).hasSize(1);
    }

    @Test
    void signedWebhookWithoutItsCallIdIsABadRequest() {
        post(ANSWER, Map.of("From", "14155550123", "To", "14155550190")).expectStatus().isBadRequest();
    }

    @Test
    void unknownCarrierOrWebhookIsNotFound() {
        post("/carrier/plivo/transcription", Map.of("CallUUID", callUuid())).expectStatus().isNotFound();
        post("/carrier/twilio/answer", Map.of("CallUUID", callUuid())).expectStatus().isNotFound();
    }

    /** No webhook log row for the forged call and, once a genuine call's event is out, no event for it. */
    private void assertNothingHappened(TestSession session, String forgedCall) {
        assertThat(loggedKinds(forgedCall)).isEmpty();
        String genuine = callUuid();
        post(ANSWER, answer(genuine, session, true)).expectStatus().isOk();
        awaitCallEvents(session.uuid(), InteractionStarted.class, 1);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(InteractionStarted.class::isInstance)
                .map(e -> ((InteractionStarted) e).callUuid())
                .containsExactly(genuine);
    }

    @Test
    void replayOfASignedWebhookWithItsNonceIsForbidden() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();
        var form = form(answer(call, session, true));
        String nonce = callUuid();
        String signature = dev.veil.platform.webhook.PlivoSignatureV3.sign("POST", BASE_URL + ANSWER, form, nonce,
                CARRIER_TOKEN);

        for (int attempt = 0; attempt < 2; attempt++) {
            var response = web.post().uri(ANSWER)
                    .header(dev.veil.platform.webhook.PlivoSignatureV3.SIGNATURE_HEADER, signature)
                    .header(dev.veil.platform.webhook.PlivoSignatureV3.NONCE_HEADER, nonce)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData(form)).exchange();
            if (attempt == 0) {
                response.expectStatus().isOk();
            } else {
                response.expectStatus().isForbidden().expectBody(String.class).isEqualTo("nonce already used");
            }
        }
        assertThat(counter("veil.webhooks.rejected", "carrier", "plivo", "webhook", "answer", "reason", "replay"))
                .isPositive();
    }

    @Test
    void answerSignedWithTheOlderV2SignatureIsRouted() {
        TestSession session = created(SessionMother.live());
        String nonce = callUuid();

        String xml = web.post().uri(ANSWER)
                .header("X-Plivo-Signature-V2", v2(BASE_URL + ANSWER + nonce))
                .header("X-Plivo-Signature-V2-Nonce", nonce)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(answer(callUuid(), session, true)))).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(xml).isEqualTo(dialTo(session, session.second()));
        web.post().uri(ANSWER)
                .header("X-Plivo-Signature-V2", v2(BASE_URL + ANSWER + "other" + nonce))
                .header("X-Plivo-Signature-V2-Nonce", nonce)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(answer(callUuid(), session, true)))).exchange()
                .expectStatus().isForbidden();
    }

    /** Plivo's V2 signature, computed here independently of the router's code. */
    private static String v2(String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    CARRIER_TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
