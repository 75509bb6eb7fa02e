package dev.veil.standalone;

import dev.veil.router.index.RoutingIndex;
import dev.veil.testsupport.VeilInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * The whole platform, started once for all end-to-end tests of the JVM (on free ports, over the shared real Kafka
 * and Postgres) and stopped when the test run ends, with clients for the gateway and the carrier simulator.
 */
final class StandalonePlatform implements BeforeAllCallback {

    static final String ACCOUNT = "MAVEILDEMO0000000001";
    static final String TOKEN = "veil-demo-token";

    private static final JsonMapper JSON = new JsonMapper();
    /** Every real (not virtual) number the end-to-end tests gave the platform, for the privacy scan. */
    private static final Set<String> TEST_NUMBERS = ConcurrentHashMap.newKeySet();
    private static Running running;

    private record Running(VeilPlatform platform, Ports ports, String gatewayUrl, WebTestClient gateway,
            WebTestClient carrier)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            platform.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (StandalonePlatform.class) {
            if (running == null) {
                LogCapture.install();
                VeilInfrastructure infra = VeilInfrastructure.get();
                Ports ports = Ports.free();
                VeilPlatform platform = VeilPlatform.start(new VeilPlatform.Settings(infra.kafkaBootstrapServers(),
                        infra.dbUrl(), infra.user(), infra.password(), ports, Path.of("target", "platform")),
                        Set.of(), Map.of("recording-service", List.of(
                                // A recording whose media the carrier cannot serve fails in a second, not minutes.
                                "--veil.recording.download.initial-backoff=200ms",
                                "--veil.recording.download.max-attempts=3")));
                String gatewayUrl = "http://127.0.0.1:" + ports.gateway();
                running = new Running(platform, ports, gatewayUrl, client(gatewayUrl, Duration.ofSeconds(20)),
                        client("http://127.0.0.1:" + ports.simulator(), Duration.ofSeconds(30)));
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(StandalonePlatform.class, running);
            }
        }
    }

    /**
     * A client opening a connection per request, outside Reactor Netty's global connection pool that the platform's
     * own services share in this JVM. With the pooled client, a test's call request was once seen never to start
     * (no answer within the timeout, no trace of it in the simulator) on a kept-alive connection.
     */
    private static WebTestClient client(String baseUrl, Duration timeout) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(
                        ConnectionProvider.newConnection())))
                .baseUrl(baseUrl).responseTimeout(timeout).build();
    }

    /** The port of each process. */
    static Ports ports() {
        return running.ports();
    }

    /** The public base URL, as customers' SDKs are configured with it. */
    static String gatewayUrl() {
        return running.gatewayUrl();
    }

    static WebTestClient gateway() {
        return running.gateway();
    }

    static WebTestClient carrier() {
        return running.carrier();
    }

    /** Creates a session through the gateway with the demo account; asserts 201. */
    static JsonNode createSession(Map<String, ?> body) {
        remember(body.get("first_party"));
        remember(body.get("second_party"));
        return json(gateway().post().uri("/v1/Account/{id}/Masking/Session/", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody());
    }

    /** The session object of a GET through the gateway. */
    static JsonNode getSession(String session) {
        return json(gateway().get().uri("/v1/Account/{id}/Masking/Session/{uuid}", ACCOUNT, session)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody()).get("response");
    }

    /** Places a call through the carrier simulator and returns its report once the call has ended. */
    static JsonNode placeCall(Map<String, ?> call) {
        remember(call.get("from"));
        return json(carrier().post().uri("/sim/v1/calls")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(call)
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    /**
     * Waits until call-router's routing index holds the session. A party's first call is routed at once (the
     * router asks session-service on a miss), but a caller who is not a party (PIN authentication, unknown
     * callers) is recognised only once the router has read the session from veil.session.v2, a few milliseconds
     * after it was created.
     */
    static void awaitRoutable(String sessionUuid) {
        RoutingIndex index = bean("call-router", RoutingIndex.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> index.session(sessionUuid).isPresent());
    }

    /** A bean of one of the platform's services ({@code spring.application.name}), running in this JVM. */
    static <T> T bean(String service, Class<T> type) {
        return bean(running.platform(), service, type);
    }

    /** A bean of one of the services of {@code platform}. */
    static <T> T bean(VeilPlatform platform, String service, Class<T> type) {
        return platform.contexts().stream()
                .filter(c -> service.equals(c.getEnvironment().getProperty("spring.application.name")))
                .findFirst().orElseThrow(() -> new IllegalStateException(service + " is not running"))
                .getBean(type);
    }

    /** The recordings of a session, through the gateway's Recording API. */
    static JsonNode recordings(String session) {
        return json(gateway().get().uri("/v1/Account/{id}/Recording/?session_uuid={uuid}", ACCOUNT, session)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody()).get("objects");
    }

    /** What a simulated phone saw and heard. */
    static JsonNode phoneCalls(String number) {
        return json(carrier().get().uri("/sim/v1/phones/{number}/calls", number)
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody()).get("calls");
    }

    /** The leg of a call report going in {@code direction}, or null when the call had none. */
    static JsonNode leg(JsonNode call, String direction) {
        for (JsonNode leg : call.get("legs")) {
            if (leg.get("direction").asString().equals(direction)) {
                return leg;
            }
        }
        return null;
    }

    /** The real numbers given to {@link #createSession} and {@link #placeCall} so far. */
    static Set<String> testNumbers() {
        return Set.copyOf(TEST_NUMBERS);
    }

    /** Adds a real number a test gave the platform otherwise to those the privacy scan looks for. */
    static void remember(Object number) {
        if (number != null) {
            TEST_NUMBERS.add(number.toString());
        }
    }

    private static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }
}
