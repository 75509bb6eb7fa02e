package dev.veil.session.callbacks;

import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.session.FakeAllocationService;
import dev.veil.session.SessionServiceApplication;
import dev.veil.testsupport.CustomerEndpoint;
import dev.veil.testsupport.CustomerEndpoint.Received;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart of session-service in the middle of a callback backlog loses nothing: the service is stopped while it
 * is delivering (attempts in flight are cut off), a new instance starts on the same database, and every callback
 * reaches the customer, in order per session. Tagged {@code fault} (two more service starts, a few minutes):
 * {@code ./mvnw -B -ntp -o -q -pl session-service test -Dsession.excluded-groups=none -Dtest=CallbackRestartTests}.
 */
@Tag("fault")
class CallbackRestartTests {

    private static final String ACCOUNT = "MAVEILRESTART0000001";
    private static final String TOKEN = "restart-token";
    private static final int SESSIONS = 20;
    private static final int PER_SESSION = 5;

    @Test
    void aRestartMidBacklogLosesNoCallback() throws Exception {
        FakeAllocationService allocator = FakeAllocationService.start();
        allocator.reply(new FakeAllocationService.Reply.Allocate());
        CustomerEndpoint customer = CustomerEndpoint.reserve();
        ConfigurableApplicationContext first = start(allocator);
        List<String> sessions = new ArrayList<>();
        try {
            int port = first.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(createSession(port, customer.url("/restart"), i));
            }
            EventCodec codec = first.getBean(EventCodec.class);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int n = 0; n < PER_SESSION; n++) {
                    for (String session : sessions) {
                        var event = new PinAuthenticated(session, ACCOUNT, UUID.randomUUID().toString(),
                                PinOutcome.FAILED, n, Instant.now());
                        producer.send(new ProducerRecord<>(event.eventType().topic(), null, session,
                                codec.encode(event), EventEnvelope.of(event.eventType(), "test", Instant.now(), session,
                                        "restart").toHeaders()));
                    }
                }
                producer.flush();
            }
            DatabaseClient db = first.getBean(DatabaseClient.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "") == SESSIONS * PER_SESSION);
            // A slow customer keeps a backlog; the service stops once part of it was delivered.
            customer.answer("/restart", () -> {
                sleep(20);
                return 200;
            });
            customer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, " AND status = 'delivered'") >= 10);
        } finally {
            first.close();
        }
        ConfigurableApplicationContext second = start(allocator);
        try {
            DatabaseClient db = second.getBean(DatabaseClient.class);
            assertThat(count(db, " AND status = 'delivered'")).isLessThan(SESSIONS * PER_SESSION);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> count(db, " AND status = 'delivered'") == SESSIONS * PER_SESSION);
        } finally {
            second.close();
            customer.stop();
        }
        Map<String, List<String>> bySession = customer.received("/restart").stream()
                .filter(r -> r.answered() == 200)
                .collect(Collectors.groupingBy(r -> r.params().get("SessionUUID"),
                        Collectors.mapping(r -> r.params().get("SequenceNumber"), Collectors.toList())));
        assertThat(bySession.keySet()).containsExactlyInAnyOrderElementsOf(sessions);
        for (List<String> received : bySession.values()) {
            // At least once: an attempt cut off by the stop may arrive twice, never out of order, none missing.
            assertThat(Set.copyOf(received)).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
            assertThat(received.stream().distinct().toList()).containsExactly("1", "2", "3", "4", "5");
        }
    }

    private static ConfigurableApplicationContext start(FakeAllocationService allocator) {
        Map<String, Object> properties = new HashMap<>(VeilInfrastructure.get().serviceProperties("session_restart"));
        properties.put("spring.config.name", "session-service");
        properties.put("server.port", "0");
        properties.put("spring.cloud.stream.bindings.onCallEvents-in-0.group", "session-service-restart");
        properties.put("spring.cloud.stream.bindings.onBillingEvents-in-0.group", "session-service-restart");
        properties.put("spring.cloud.stream.bindings.onRecordingEvents-in-0.group", "session-service-restart");
        properties.put("veil.session.accounts[0].auth-id", ACCOUNT);
        properties.put("veil.session.accounts[0].auth-token", TOKEN);
        properties.put("veil.session.allocation-service-url", allocator.baseUrl());
        properties.put("veil.session.callbacks.allow-private-targets", "true");
        properties.put("veil.session.callbacks.timeout", "1s");
        properties.put("veil.session.callbacks.lease", "2s");
        properties.put("veil.session.callbacks.initial-backoff", "100ms");
        properties.put("veil.session.callbacks.max-backoff", "400ms");
        properties.put("veil.session.callbacks.interval", "50ms");
        // As command-line arguments: they rank above the service's own yml (builder properties would not).
        return new SpringApplicationBuilder(SessionServiceApplication.class).run(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static String createSession(int port, String callbackUrl, int i) throws Exception {
        String body = "{\"first_party\":\"+1415556" + String.format("%04d", i) + "\",\"second_party\":\"+1415557"
                + String.format("%04d", i) + "\",\"callback_url\":\"" + callbackUrl + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/Account/" + ACCOUNT + "/Masking/Session/"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return new JsonMapper().readTree(response.body()).get("session_uuid").asString();
    }

    private static long count(DatabaseClient db, String condition) {
        return db.sql("SELECT count(*) FROM callbacks WHERE account_id = '" + ACCOUNT + "'" + condition)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
