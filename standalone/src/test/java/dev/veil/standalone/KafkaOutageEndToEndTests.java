package dev.veil.standalone;

import dev.veil.router.index.RoutingIndex;
import dev.veil.standalone.infra.LocalKafka;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static dev.veil.standalone.StandalonePlatform.bean;
import static dev.veil.standalone.StandalonePlatform.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's degraded-answer test with Kafka stopped, on a platform of its own (its own Kafka broker, which this
 * test stops and restarts, and its own database): while Kafka is down, sessions are still created, calls to a
 * session the router indexed before the outage and to one created during it are bridged with the virtual number as
 * caller ID, each answer within 1 s; once Kafka is back, the events written meanwhile reach billing and the session
 * totals, so nothing acknowledged during the outage is lost.
 * <p>
 * It runs last of the JVM: closing a second platform disposes Reactor Netty's global event loops, which the shared
 * platform of the other end-to-end tests runs on too.
 */
@Order(Integer.MAX_VALUE)
class KafkaOutageEndToEndTests {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void callsAreBridgedWhileKafkaIsDownAndTheirEventsArriveOnceItIsBack() throws Exception {
        LogCapture.install();
        Path data = Path.of("target", "kafka-outage-" + System.nanoTime());
        int kafkaPort = freePort();
        int controllerPort = freePort();
        VeilInfrastructure infra = VeilInfrastructure.get();
        String dbUrl = database(infra, "kafka_outage");
        Broker kafka = new Broker(data.resolve("kafka"), kafkaPort, controllerPort);
        Ports ports = Ports.free();
        try (kafka; VeilPlatform platform = VeilPlatform.start(new VeilPlatform.Settings(kafka.bootstrapServers(),
                dbUrl, infra.user(), infra.password(), ports, data.resolve("platform")))) {
            WebTestClient gateway = client(ports.gateway());
            WebTestClient carrier = client(ports.simulator());
            JsonNode before = create(gateway, "+14155550301", "+14155550302");
            RoutingIndex index = bean(platform, "call-router", RoutingIndex.class);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> index.session(before.get("session_uuid").asString()).isPresent());

            JsonNode during;
            JsonNode first;
            JsonNode second;
            kafka.stop();
            try {
                during = create(gateway, "+14155550303", "+14155550304");
                first = call(carrier, "+14155550301", before);
                second = call(carrier, "+14155550304", during);
            } finally {
                // Back before anything can fail, so the platform also shuts down with its broker up.
                kafka.start();
            }

            assertThat(leg(first, "outbound").get("to").asString()).isEqualTo("+14155550302");
            assertThat(leg(second, "outbound").get("to").asString()).isEqualTo("+14155550303");
            assertThat(leg(first, "outbound").get("caller_id_shown").asString())
                    .isEqualTo(before.get("virtual_number").asString());
            assertThat(leg(second, "outbound").get("caller_id_shown").asString())
                    .isEqualTo(during.get("virtual_number").asString());
            Timer answers = bean(platform, "call-router", MeterRegistry.class).get("veil.router.answer.latency")
                    .timer();
            assertThat(answers.count()).isGreaterThanOrEqualTo(2);
            assertThat(answers.max(TimeUnit.MILLISECONDS)).as("slowest answer, ms").isLessThan(1000);

            for (JsonNode session : new JsonNode[] {before, during}) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> totalCalls(gateway, session.get("session_uuid").asString()) == 1);
            }
        }
    }

    /** The test's own Kafka broker, stopped and started again on the same ports and data. */
    private static final class Broker implements AutoCloseable {

        private final Path data;
        private final int port;
        private final int controllerPort;
        private @Nullable LocalKafka running;

        Broker(Path data, int port, int controllerPort) {
            this.data = data;
            this.port = port;
            this.controllerPort = controllerPort;
            this.running = LocalKafka.start(data, port, controllerPort);
        }

        String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        void stop() {
            running.close();
            running = null;
        }

        void start() {
            running = LocalKafka.start(data, port, controllerPort);
        }

        @Override
        public void close() {
            if (running != null) {
                running.close();
            }
        }
    }

    private static JsonNode create(WebTestClient gateway, String first, String second) {
        StandalonePlatform.remember(first);
        StandalonePlatform.remember(second);
        return JSON.readTree(gateway.post().uri("/v1/Account/{id}/Masking/Session/", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", first, "second_party", second))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
    }

    private static JsonNode call(WebTestClient carrier, String from, JsonNode session) {
        return JSON.readTree(carrier.post().uri("/sim/v1/calls").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from", from, "to", session.get("virtual_number").asString(), "talk_seconds", 30))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static int totalCalls(WebTestClient gateway, String session) {
        return JSON.readTree(gateway.get().uri("/v1/Account/{id}/Masking/Session/{uuid}", ACCOUNT, session)
                        .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isOk()
                        .expectBody().returnResult().getResponseBody())
                .get("response").get("total_call_count").asInt();
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A fresh database on the shared Postgres server, so this platform's schemas are its own. */
    private static String database(VeilInfrastructure infra, String name) throws SQLException {
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password());
             Statement sql = db.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        String url = infra.dbUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
