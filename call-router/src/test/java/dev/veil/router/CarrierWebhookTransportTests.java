package dev.veil.router;

import dev.veil.platform.logging.CorrelationWebFilter;
import dev.veil.router.SessionMother.TestSession;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The carrier webhooks are served on the web server's own routes, not through WebFlux: what WebFlux gave them must
 * still hold over real HTTP (form decoding, body limit, correlation id, the {@code http.server.requests} timer).
 */
class CarrierWebhookTransportTests extends RouterIntegrationTest {

    static final String PATH = "/carrier/{carrier}/{webhook}";

    @Test
    void formValuesAreUrlDecodedBeforeTheSignatureIsChecked() {
        TestSession session = created(SessionMother.live());
        Map<String, String> params = new LinkedHashMap<>(answer(callUuid(), session, true));
        // Spaces, '+', '&' and '=' inside values travel escaped; the signature covers the decoded values.
        params.put("CallerName", "Ann + Bob & co = 100% «ok»");

        String xml = xml(post(ANSWER, params));

        assertThat(xml).isEqualTo(dialTo(session, session.second()));
    }

    @Test
    void formInTheCharsetItsContentTypeNamesIsDecodedInThatCharset() {
        TestSession session = created(SessionMother.live());
        Map<String, String> params = new LinkedHashMap<>(answer(callUuid(), session, true));
        params.put("CallerName", "Zoë");
        String body = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.ISO_8859_1))
                .collect(Collectors.joining("&"));

        String xml = signed(ANSWER, params)
                .contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.ISO_8859_1))
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(xml).isEqualTo(dialTo(session, session.second()));
    }

    @Test
    void signedFormPostedWithAnotherContentTypeIsNotReadAsAForm() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();
        Map<String, String> params = answer(call, session, true);

        signed(ANSWER, params)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&")))
                .exchange().expectStatus().isForbidden();

        assertThat(loggedKinds(call)).isEmpty();
    }

    @Test
    void malformedEscapeIsABadRequestAndChangesNothing() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();

        web.post().uri(ANSWER).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("CallUUID=" + call + "&From=" + session.first().digits() + "&To=%zz")
                .exchange().expectStatus().isBadRequest()
                .expectBody(String.class).value(message -> assertThat(message).startsWith("malformed form or query"));

        assertThat(loggedKinds(call)).isEmpty();
    }

    @Test
    void bodyPastTheLimitIsRefusedWithoutBeingRead() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();
        Map<String, String> params = new LinkedHashMap<>(answer(call, session, true));
        params.put("CallerName", "x".repeat(300 * 1024));

        post(ANSWER, params).expectStatus().isEqualTo(413)
                .expectBody(String.class).isEqualTo("form larger than 262144 bytes");

        assertThat(loggedKinds(call)).isEmpty();
    }

    @Test
    void callersRequestIdIsReturnedAndAFreshOneIsMadeWithoutIt() {
        TestSession session = created(SessionMother.live());
        String given = "carrier-request-42";
        Map<String, String> params = answer(callUuid(), session, true);

        signed(ANSWER, params)
                .header(CorrelationWebFilter.HEADER, given)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(params)))
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(CorrelationWebFilter.HEADER, given);
        post(ANSWER, answer(callUuid(), session, false)).expectStatus().isOk()
                .expectHeader().value(CorrelationWebFilter.HEADER, id -> assertThat(id)
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void requestsAreTimedAsWebFluxTimesItsOwnWithTheSameTags() {
        TestSession session = created(SessionMother.live());
        Timer answered = meters.find("http.server.requests").tag("uri", PATH).tag("status", "200").timer();
        long before = answered == null ? 0 : answered.count();

        post(ANSWER, answer(callUuid(), session, true)).expectStatus().isOk();
        post(ANSWER, Map.of("From", "14155550123", "To", "14155550190")).expectStatus().isBadRequest();
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();

        // A request is timed once its response is written out, which the client may see first.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(meters.find("http.server.requests")
                .tag("uri", PATH).tag("status", "200").timer()).extracting(Timer::count).isEqualTo(before + 1));
        Timer refused = await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("http.server.requests")
                .tag("uri", PATH).tag("status", "400").timer(), timer -> timer != null);
        assertThat(refused.getId().getTag("outcome")).isEqualTo("CLIENT_ERROR");
        Timer webFlux = await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("http.server.requests")
                .tag("uri", "/actuator/health").timer(), timer -> timer != null);
        assertThat(tagKeys(refused)).isEqualTo(tagKeys(webFlux));
        assertThat(web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("uri=\"" + PATH + "\"").contains("uri=\"/actuator/health\"");
    }

    private static Set<String> tagKeys(Meter meter) {
        Collection<Tag> tags = meter.getId().getTags();
        return tags.stream().map(Tag::getKey).collect(Collectors.toSet());
    }
}
