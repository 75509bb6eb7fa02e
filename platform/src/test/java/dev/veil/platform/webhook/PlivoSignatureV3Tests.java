package dev.veil.platform.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Checked against the test vectors of Plivo's own SDKs (plivo-go utils_test.go, plivo-ruby, plivo-dotnet). */
class PlivoSignatureV3Tests {

    static final String TOKEN = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
    static final String NONCE = "31627761595286130198";
    static final String URL = "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml/?a=b&c=d";

    static Map<String, List<String>> params() {
        Map<String, List<String>> p = new TreeMap<>();
        p.put("Direction", List.of("outbound"));
        p.put("From", List.of("19792014278"));
        p.put("ALegUUID", List.of("3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"));
        p.put("CallStatus", List.of("in-progress"));
        p.put("BillRate", List.of("0.002"));
        p.put("ParentAuthID", List.of("MANWVLYTK4ZWU1YTY4QA"));
        p.put("To", List.of("sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com"));
        p.put("ALegRequestUUID", List.of("3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"));
        p.put("CallUUID", List.of("3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"));
        p.put("RequestUUID", List.of("3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"));
        p.put("SIP-H-To", List.of("<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1"));
        p.put("SessionStart", List.of("2020-04-08 11:34:33.238707"));
        p.put("Event", List.of("StartApp"));
        return p;
    }

    @Test
    void postWithQueryMatchesPlivoVector() {
        assertThat(PlivoSignatureV3.sign("POST", URL, params(), NONCE, TOKEN))
                .isEqualTo("k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=");
    }

    @Test
    void getWithQueryMatchesPlivoVector() {
        assertThat(PlivoSignatureV3.sign("GET", URL, params(), NONCE, TOKEN))
                .isEqualTo("UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=");
    }

    @Test
    void verifyAcceptsAnyOfSeveralSignatures() {
        String header = "bm90LWl0, k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=";
        assertThat(PlivoSignatureV3.verify("POST", URL, params(), NONCE, header, TOKEN)).isTrue();
    }

    @Test
    void verifyRejectsWrongTokenNonceParamsOrMissingHeader() {
        String good = "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=";
        assertThat(PlivoSignatureV3.verify("POST", URL, params(), NONCE, good, "another-token")).isFalse();
        assertThat(PlivoSignatureV3.verify("POST", URL, params(), "1", good, TOKEN)).isFalse();
        Map<String, List<String>> tampered = params();
        tampered.put("From", List.of("19792014279"));
        assertThat(PlivoSignatureV3.verify("POST", URL, tampered, NONCE, good, TOKEN)).isFalse();
        assertThat(PlivoSignatureV3.verify("POST", URL, params(), NONCE, null, TOKEN)).isFalse();
        assertThat(PlivoSignatureV3.verify("POST", URL, params(), null, good, TOKEN)).isFalse();
    }

    @Test
    void canonicalFormsFollowTheSdkAlgorithm() {
        Map<String, List<String>> p = Map.of("b", List.of("2"), "a", List.of("1"));
        assertThat(PlivoSignatureV3.canonical("POST", "http://h:8080/x", p)).isEqualTo("http://h:8080/x?a1b2");
        assertThat(PlivoSignatureV3.canonical("POST", "http://h/x?z=9", p)).isEqualTo("http://h/x?z=9.a1b2");
        assertThat(PlivoSignatureV3.canonical("POST", "http://h/x?z=9", Map.of())).isEqualTo("http://h/x?z=9");
        assertThat(PlivoSignatureV3.canonical("GET", "http://h/x?z=9", p)).isEqualTo("http://h/x?a=1&b=2&z=9");
        assertThat(PlivoSignatureV3.canonical("POST", "http://h/x", Map.of())).isEqualTo("http://h/x");
    }
}
