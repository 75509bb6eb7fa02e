package dev.veil.standalone;

import dev.veil.router.index.RoutingIndex;
import dev.veil.testsupport.VeilInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * The whole platform, started once for all end-to-end tests of the JVM (on free ports, over the shared real Kafka
 * and Postgres) and stopped when the test run ends, with clients for the gateway and the carrier simulator.
 */
final class StandalonePlatform implements BeforeAllCallback {

    static final String ACCOUNT = "MAVEILDEMO0000000001";
    static final String TOKEN = "veil-demo-token";

    private static final JsonMapper JSON = new JsonMapper();
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

    private static WebTestClient client(String baseUrl, Duration timeout) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(timeout).build();
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
        RoutingIndex index = running.platform().contexts().stream()
                .filter(c -> c.getBeanNamesForType(RoutingIndex.class).length > 0)
                .findFirst().orElseThrow().getBean(RoutingIndex.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> index.session(sessionUuid).isPresent());
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

    private static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }
}
