package dev.veil.router;

import dev.veil.events.VeilEvent;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.router.index.RoutingIndex;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * One call-router against real Kafka and Postgres, shared by every integration test class (same properties, so
 * one cached context). The carrier is the test: it posts form webhooks signed like Plivo's over the configured
 * public base URL, which deliberately differs from the host the requests reach. They go over real HTTP to the
 * router's server, as its webhook route is the server's own, ahead of WebFlux.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=call-router")
@AutoConfigureWebTestClient
abstract class RouterIntegrationTest {

    /** The answer webhook's path. */
    static final String ANSWER = "/carrier/plivo/answer";
    /** The public base URL the carrier posts to; not the host WebTestClient uses. */
    static final String BASE_URL = "https://veil.example.test:8443";
    /** The carrier token call-router accepts by default. */
    static final String CARRIER_TOKEN = "veil-carrier-token";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "router");
        registry.add("veil.router.webhook-base-url", () -> BASE_URL);
        registry.add("veil.router.session-service-url", () -> FakeSessionService.get().url());
        registry.add("veil.router.carrier-api-url", () -> FakeCarrierApi.get().url());
        // A test JVM on two cores answers slower than production Postgres; the degraded path has its own test.
        registry.add("veil.router.db-timeout", () -> "3s");
        // Few wrong PINs block a caller, so the PIN guessing test stays short; no other test types as many.
        registry.add("veil.router.pin-guessing.max-failures", () -> "3");
        // Runs once, when the shared context is being created and before it starts.
        StartupSessions.publish();
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    RoutingIndex index;
    @Autowired
    MeterRegistry meters;

    /** Publishes the session's {@code SessionCreated} and waits until the index routes both parties. */
    TestSession created(TestSession session) {
        Kafka.sessionCreated(session);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                index.find(session.virtualNumber(), session.first()).isPresent()
                        && index.find(session.virtualNumber(), session.second()).isPresent());
        return session;
    }

    /** Publishes the session's {@code SessionCreated} and waits until the index holds it. */
    TestSession indexed(TestSession session) {
        Kafka.sessionCreated(session);
        await().atMost(Duration.ofSeconds(15)).until(() -> index.session(session.uuid()).isPresent());
        return session;
    }

    /** A fresh carrier call id. */
    static String callUuid() {
        return UUID.randomUUID().toString();
    }

    /** Plivo's answer webhook parameters for a call from a party to the session's virtual number. */
    static Map<String, String> answer(String callUuid, TestSession session, boolean fromFirstParty) {
        return answer(callUuid, fromFirstParty ? session.first() : session.second(), session.virtualNumber());
    }

    /** Plivo's answer webhook parameters for a call from {@code from} to {@code to}. */
    static Map<String, String> answer(String callUuid, dev.veil.platform.phone.PhoneNumber from,
            dev.veil.platform.phone.PhoneNumber to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", callUuid);
        params.put("From", from.digits());
        params.put("To", to.digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "ringing");
        params.put("Event", "StartApp");
        params.put("CallerName", "");
        params.put("SessionStart", "2026-03-01 10:00:00.000000");
        return params;
    }

    /** Posts a webhook signed with the carrier token over the public base URL + path, as the carrier does. */
    WebTestClient.ResponseSpec post(String path, Map<String, String> params) {
        return post(path, params, BASE_URL + path, CARRIER_TOKEN);
    }

    /** Posts a webhook signed with {@code token} over {@code signedUrl}. */
    WebTestClient.ResponseSpec post(String path, Map<String, String> params, String signedUrl, String token) {
        return signed(path, params, signedUrl, token)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(params)))
                .exchange();
    }

    /**
     * A POST to {@code path} with the carrier's signature of {@code params} over the public base URL + path, and its
     * nonce; its content type and body are the caller's to set.
     */
    WebTestClient.RequestBodySpec signed(String path, Map<String, String> params) {
        return signed(path, params, BASE_URL + path, CARRIER_TOKEN);
    }

    private WebTestClient.RequestBodySpec signed(String path, Map<String, String> params, String signedUrl,
            String token) {
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
        // The path as given, not re-encoded: the signature covers its raw query.
        return web.post().uri(base -> java.net.URI.create(base.build().toString() + path))
                .header(PlivoSignatureV3.SIGNATURE_HEADER, PlivoSignatureV3.sign("POST", signedUrl, form(params),
                        nonce, token))
                .header(PlivoSignatureV3.NONCE_HEADER, nonce);
    }

    /** The XML body of a webhook that must succeed. */
    String xml(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_XML)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    static MultiValueMap<String, String> form(Map<String, String> params) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        params.forEach(form::add);
        return form;
    }

    /** The Dial Veil must answer for a call in {@code session} to {@code otherParty}. */
    static String dialTo(TestSession session, dev.veil.platform.phone.PhoneNumber otherParty) {
        return "<Response><Dial callerId=\"" + session.virtualNumber().digits() + "\" timeLimit=\""
                + SessionMother.CALL_TIME_LIMIT + "\" timeout=\"" + SessionMother.RING_TIMEOUT + "\" action=\""
                + BASE_URL + "/carrier/plivo/dial-status\" method=\"POST\" callbackUrl=\"" + BASE_URL
                + "/carrier/plivo/dial-events\" callbackMethod=\"POST\"><Number>" + otherParty.digits()
                + "</Number></Dial></Response>";
    }

    static final String REJECTED = "<Response><Hangup reason=\"rejected\"/></Response>";

    /** Rows the webhook log holds for a call, by kind, once every answer given so far is written behind. */
    List<String> loggedKinds(String callUuid) {
        awaitAnswersWritten();
        return db.sql("SELECT kind FROM webhook_log WHERE call_uuid = :call ORDER BY kind")
                .bind("call", callUuid).map(row -> row.get("kind", String.class)).all().collectList().block();
    }

    /** Waits until the answers given so far are written behind (log rows, claims, events in the outbox). */
    void awaitAnswersWritten() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> meters.get("veil.router.answer.journal.backlog").gauge().value() == 0);
    }

    /**
     * Waits until the outbox relay has published everything committed so far; after it, the call topic holds
     * every event of every webhook answered before, so "exactly one" and "none" can be asserted on it.
     */
    void awaitOutboxPublished() {
        awaitAnswersWritten();
        await().atMost(Duration.ofSeconds(15)).until(() -> db.sql("SELECT count(*) FROM outbox")
                .map(row -> row.get(0, Long.class)).one().block() == 0L);
    }

    /** Waits for at least {@code count} call events of {@code type} in the session and returns all of them. */
    <T extends VeilEvent> List<T> awaitCallEvents(String session, Class<T> type, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Kafka.callEvents(session).stream()
                .filter(type::isInstance).map(type::cast).toList(), events -> events.size() >= count);
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
