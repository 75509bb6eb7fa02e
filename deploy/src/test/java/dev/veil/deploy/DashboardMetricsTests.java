package dev.veil.deploy;

import dev.veil.testsupport.CustomerEndpoint;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric a Grafana dashboard or a Prometheus alert queries exists in the real services' /actuator/prometheus
 * output: the platform runs in this JVM as {@code ./veil up} runs it, over real Kafka and Postgres, one masked call
 * and a PIN-authenticated call go through them (so call, PIN, billing, callback and event metrics have been
 * recorded; the session's callback_url is a receiver in this test), then each is scraped.
 */
class DashboardMetricsTests {

    /** Series Prometheus itself writes for every target; no service exports them. */
    private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped");

    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    static Path dataDir;

    private static CustomerEndpoint callbacks;
    private static RunningPlatform platform;
    private static final Map<String, String> scrapes = new LinkedHashMap<>();

    @BeforeAll
    static void startThePlatformPlaceACallAndScrape() throws IOException {
        callbacks = CustomerEndpoint.reserve();
        callbacks.start();
        platform = RunningPlatform.start(dataDir);
        try {
            // Created first so that call-router has indexed it by the time its caller, who is no party, dials.
            String pinNumber = createSession(Map.of("first_party", "+14155550191", "second_party", "+14155550192",
                    "is_pin_authentication_required", true, "first_party_pin", "1234", "second_party_pin", "4321",
                    "pin_prompt_play", "https://media.example.com/enter-pin.mp3",
                    "incorrect_pin_play", "https://media.example.com/wrong-pin.mp3"));
            // A call is billed asynchronously (call-router -> CallEnded -> billing-service); should a call still
            // go unrecorded, another is placed.
            for (int call = 0; call < 3 && !billed(); call++) {
                String first = "+1415555018" + call;
                String virtualNumber = createSession(Map.of("first_party", first,
                        "second_party", "+1415555017" + call,
                        "callback_url", callbacks.url("/veil")));
                placeCall(Map.of("from", first, "to", virtualNumber, "talk_seconds", 5));
                try {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                            .until(DashboardMetricsTests::billed);
                } catch (ConditionTimeoutException notYet) {
                    // the next call is placed
                }
            }
            placeCall(Map.of("from", "+14155550199", "to", pinNumber, "talk_seconds", 5,
                    "digits", List.of("1234#")));
        } finally {
            Path out = Path.of("target", "scrapes");
            Files.createDirectories(out);
            for (String name : platform.urls().keySet()) {
                scrapes.put(name, scrape(name));
                Files.writeString(out.resolve(name + ".txt"), scrapes.get(name));
            }
        }
        assertThat(billed()).as("a masked call was billed").isTrue();
        assertThat(scrapes.get("call-router")).as("a PIN was checked").contains("veil_router_pin_checks_total");
    }

    private static boolean billed() {
        return scrape("billing-service").contains("veil_billing_calls_total");
    }

    /** Creates a session with the demo account; returns its virtual number. */
    private static String createSession(Map<String, Object> body) {
        byte[] created = client(platform.url("session-service")).post()
                .uri("/v1/Account/{id}/Masking/Session/", "MAVEILDEMO0000000001")
                .headers(h -> h.setBasicAuth("MAVEILDEMO0000000001", "veil-demo-token"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(created).get("virtual_number").asString();
    }

    /** Has the carrier simulator place a call; returns once the call has ended. */
    private static void placeCall(Map<String, Object> call) {
        client(platform.url("carrier-simulator")).post().uri("/sim/v1/calls")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(call)
                .exchange().expectStatus().isOk();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (callbacks != null) {
            callbacks.stop();
        }
    }

    @Test
    void everyMetricADashboardOrAlertQueriesIsExportedByAService() {
        Map<String, Set<String>> queried = queried();
        Set<String> exported = exportedNames();

        Map<String, Set<String>> missing = new TreeMap<>(queried);
        missing.keySet().removeAll(exported);
        missing.keySet().removeAll(WRITTEN_BY_PROMETHEUS);

        assertThat(queried).as("metrics queried by the dashboards and alerts").hasSizeGreaterThan(20);
        assertThat(missing).as("queried metrics no service exports (metric -> where queried)").isEmpty();
    }

    @Test
    void everyServiceTagsItsMetricsWithItsName() {
        scrapes.forEach((name, text) -> assertThat(text).as(name).contains("service=\"" + name + "\""));
    }

    @Test
    void expressionsAreReadDownToTheMetricNames() {
        assertThat(QueriedMetrics.inExpression("histogram_quantile(0.99, sum by (le, service) "
                + "(rate(veil_router_answer_latency_seconds_bucket{service=~\"$service\"}[$__rate_interval])))"))
                .containsExactly("veil_router_answer_latency_seconds_bucket");
        assertThat(QueriedMetrics.inExpression("sum without (instance) (veil_pool_numbers{state=\"free\"}) "
                + "/ on (country) group_left sum(veil_pool_numbers) > bool 0.9 unless absent(up offset 5m)"))
                .containsExactlyInAnyOrder("veil_pool_numbers", "up");
    }

    private static Map<String, Set<String>> queried() {
        Path prometheus = Tool.REPOSITORY.resolve("deploy/prometheus");
        return QueriedMetrics.of(Tool.REPOSITORY.resolve("deploy/grafana/dashboards"),
                List.of(prometheus.resolve("alerts.yml")));
    }

    /** Names of every sample in the scrapes (histogram buckets, counters' _total, ...). */
    private static Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        scrapes.values().forEach(text -> text.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .forEach(names::add));
        return names;
    }

    private static String scrape(String name) {
        byte[] body = client(platform.url(name)).get().uri("/actuator/prometheus")
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    private static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }
}
