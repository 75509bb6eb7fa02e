package dev.veil.router.carrier;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.webhook.PlivoSignatureV2;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.router.call.CallReport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlivoAdapterTests {

    static final String URL = "https://veil.example.com/carrier/plivo/answer";

    PlivoAdapter plivo = new PlivoAdapter(List.of("current-token", "previous-token"), "https://veil.example.com",
            (called, raw) -> null);

    @Test
    void answerIsAnIncomingCallWithNumbersGivenWithoutPlus() {
        Optional<CallReport> report = plivo.read("answer", form(Map.of("CallUUID", "A", "From", "14155550123",
                "To", "14155550190", "Direction", "inbound", "CallStatus", "ringing")));

        assertThat(report).contains(new CallReport.IncomingCall("A", PhoneNumber.parse("+14155550123"),
                PhoneNumber.parse("+14155550190")));
    }

    @Test
    void answerFromAKnownPartyOfTheCalledNumberTakesThePartyAsKnown() {
        PhoneNumber party = new PhoneNumber("+14155550123", "US");
        PlivoAdapter knowing = new PlivoAdapter(List.of("token"), "https://veil.example.com",
                (called, raw) -> called.e164().equals("+14155550190") && raw.equals("14155550123") ? party : null);

        CallReport.IncomingCall known = (CallReport.IncomingCall) knowing.read("answer", form(Map.of("CallUUID", "A",
                "From", "14155550123", "To", "14155550190"))).orElseThrow();
        CallReport.IncomingCall parsed = (CallReport.IncomingCall) knowing.read("answer", form(Map.of("CallUUID",
                "B", "From", "14155550124", "To", "14155550190"))).orElseThrow();

        assertThat(known.caller()).isSameAs(party);
        assertThat(parsed.caller()).isEqualTo(PhoneNumber.parse("+14155550124"));
    }

    @Test
    void withheldCallerIsReadAsNoNumber() {
        CallReport report = plivo.read("answer", form(Map.of("CallUUID", "A", "From", "anonymous",
                "To", "14155550190"))).orElseThrow();

        assertThat(((CallReport.IncomingCall) report).caller()).isNull();
    }

    @Test
    void dialEventsAndStatusAndHangupAreReadUnderTheALeg() {
        assertThat(plivo.read("dial-events", form(Map.of("DialAction", "answer", "DialALegUUID", "A",
                "DialBLegUUID", "B", "DialBLegStatus", "answer"))))
                .contains(new CallReport.DialAnswered("A", "B"));
        assertThat(plivo.read("dial-events", form(Map.of("DialAction", "hangup", "DialALegUUID", "A",
                "DialBLegUUID", "B", "DialBLegHangupCause", "NORMAL_CLEARING", "DialBLegDuration", "65",
                "DialBLegBillDuration", "64"))))
                .contains(new CallReport.DialEnded("A", "B", 65, 64, "NORMAL_CLEARING"));
        assertThat(plivo.read("dial-events", form(Map.of("DialAction", "digits", "DialALegUUID", "A"))))
                .isEmpty();
        assertThat(plivo.read("dial-status", form(Map.of("DialStatus", "no-answer", "DialALegUUID", "A",
                "DialBLegUUID", "", "DialHangupCause", "NO_ANSWER"))))
                .contains(new CallReport.DialCompleted("A", null, "no-answer", "NO_ANSWER"));
        assertThat(plivo.read("hangup", form(Map.of("CallUUID", "A", "HangupCause", "NORMAL_CLEARING",
                "Duration", "70", "BillDuration", "70", "StartTime", "2026-03-01 10:00:01",
                "EndTime", "2026-03-01 10:01:11"))))
                .contains(new CallReport.CallHungUp("A", 70, 70, "NORMAL_CLEARING",
                        Instant.parse("2026-03-01T10:00:01Z"), Instant.parse("2026-03-01T10:01:11Z")));
        // The numbers a hangup can rebuild a never-written answer from.
        assertThat(plivo.read("hangup", form(Map.of("CallUUID", "A", "From", "14155550100", "To", "14155550190"))))
                .get().isInstanceOfSatisfying(CallReport.CallHungUp.class, h -> {
                    assertThat(h.caller()).isEqualTo(PhoneNumber.parse("+14155550100"));
                    assertThat(h.called()).isEqualTo(PhoneNumber.parse("+14155550190"));
                });
        assertThat(plivo.read("dial-events", form(Map.of("DialAction", "answer", "DialALegUUID", "A",
                "DialBLegUUID", "B", "DialBLegTo", "14155550123"))))
                .contains(new CallReport.DialAnswered("A", "B", PhoneNumber.parse("+14155550123")));
    }

    @Test
    void missingCallIdOrUnreadableDurationIsMalformed() {
        assertThatThrownBy(() -> plivo.read("answer", form(Map.of("From", "14155550123"))))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("CallUUID");
        assertThatThrownBy(() -> plivo.read("hangup", form(Map.of("CallUUID", "A", "Duration", "ten"))))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("Duration");
    }

    @Test
    void signatureWithAnyConfiguredTokenOverTheUrlAndParamsIsAuthentic() {
        Map<String, List<String>> params = form(Map.of("CallUUID", "A", "From", "14155550123"));

        assertThat(plivo.authenticNonce(URL, params, signed(URL, params, "current-token"))).contains("12345");
        assertThat(plivo.authenticNonce(URL, params, signed(URL, params, "previous-token"))).contains("12345");
        assertThat(plivo.authenticNonce(URL, params, signed(URL, params, "someone-elses-token"))).isEmpty();
        assertThat(plivo.authenticNonce(URL, params, signed("http://localhost/carrier/plivo/answer", params,
                "current-token"))).isEmpty();
        assertThat(plivo.authenticNonce(URL, form(Map.of("CallUUID", "A", "From", "14155550124")),
                signed(URL, params, "current-token"))).isEmpty();
        assertThat(plivo.authenticNonce(URL, params, new HttpHeaders())).isEmpty();
    }

    @Test
    void olderV2SignatureOverTheUrlWithoutQueryAndTheNonceIsAuthentic() {
        Map<String, List<String>> params = form(Map.of("CallUUID", "A"));
        String withQuery = URL + "?attempt=2";

        assertThat(plivo.authenticNonce(withQuery, params, signedV2(URL, "987", "previous-token")))
                .contains("987");
        assertThat(plivo.authenticNonce(URL, params, signedV2(URL, "987", "someone-elses-token"))).isEmpty();
        assertThat(plivo.authenticNonce(URL, params, signedV2("http://localhost/carrier/plivo/answer", "987",
                "current-token"))).isEmpty();
        HttpHeaders otherNonce = signedV2(URL, "987", "current-token");
        otherNonce.set(PlivoSignatureV2.NONCE_HEADER, "988");
        assertThat(plivo.authenticNonce(URL, params, otherNonce)).isEmpty();
    }

    @Test
    void pinDigitsCarryTheirTryFromTheActionUrl() {
        Map<String, List<String>> params = form(Map.of("CallUUID", "A", "Digits", "1234#", "From", "14155550123",
                "To", "14155550190", "attempt", "2"));

        assertThat(plivo.read("pin", params)).contains(new CallReport.PinEntered("A", 2, "1234",
                PhoneNumber.parse("+14155550123"), PhoneNumber.parse("+14155550190")));
        assertThatThrownBy(() -> plivo.read("pin", form(Map.of("CallUUID", "A", "attempt", "0"))))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("attempt");
        assertThat(plivo.read("outbound-answer", form(Map.of("CallUUID", "O", "session", "S"))))
                .contains(new CallReport.OutboundAnswered("O", "S"));
    }

    private static HttpHeaders signedV2(String url, String nonce, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(PlivoSignatureV2.NONCE_HEADER, nonce);
        headers.set(PlivoSignatureV2.SIGNATURE_HEADER, PlivoSignatureV2.sign(url, nonce, token));
        return headers;
    }

    private static HttpHeaders signed(String url, Map<String, List<String>> params, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(PlivoSignatureV3.NONCE_HEADER, "12345");
        headers.set(PlivoSignatureV3.SIGNATURE_HEADER, PlivoSignatureV3.sign("POST", url, params, "12345", token));
        return headers;
    }

    private static Map<String, List<String>> form(Map<String, String> params) {
        return params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }
}
