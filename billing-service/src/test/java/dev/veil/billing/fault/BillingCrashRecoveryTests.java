package dev.veil.billing.fault;

import dev.veil.billing.BillingServiceApplication;
import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.events.Topics;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash recovery against real Kafka and Postgres: billing-service runs in a child JVM that is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) three times at random moments while a producer streams {@value #CALLS}
 * {@code CallEnded} events (some delivered twice, some reported again under a new event id); after a last restart
 * every leg is charged exactly once, the charges add up to the amounts worked out from the published calls, and
 * exactly one distinct {@code CallBilled} (event id) per call is on Kafka.
 *
 * <p>Not part of {@code verify} (see {@link #TAG}). The child reads its own copy of the call topic and writes its
 * own schema, so the shared Spring context of the other integration tests in this JVM neither competes for its
 * events nor sees them.
 */
@Tag(BillingCrashRecoveryTests.TAG)
class BillingCrashRecoveryTests {

    /**
     * Tag of this test, excluded from {@code verify} (four Spring Boot starts take one to two minutes on a loaded
     * 2-core machine); run it with {@code -Dbilling.excluded-groups=none -Dtest=BillingCrashRecoveryTests}.
     */
    static final String TAG = "fault";

    private static final Logger log = LoggerFactory.getLogger(BillingCrashRecoveryTests.class);
    private static final int CALLS = 300;
    private static final int KILLS = 3;
    private static final BigDecimal RATE_PER_MINUTE = new BigDecimal("0.0050");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(20);

    private final VeilInfrastructure infrastructure = VeilInfrastructure.get();
    private final EventCodec codec = new EventCodec();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String callTopic = "veil-fault-" + run + ".call.v1";
    private final String schema = "billing_fault_" + run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<Long, Integer> ports = new ConcurrentHashMap<>();
    private final List<String> sessions = IntStream.range(0, 40)
            .mapToObj(i -> "fault-session-" + UUID.randomUUID()).toList();

    @Test
    void killingTheServiceWhileCallsStreamLosesAndDoublesNothing() throws Exception {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(callTopic, 3, (short) 1))).all().get();
        }
        List<CallEnded> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(call(i));
        }
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().name("fault-producer").start(() -> {
            try {
                produce(calls);
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        });

        List<Duration> lifetimes = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            long chargedBefore = charged();
            Process service = start(kill);
            long up = System.nanoTime();
            awaitReady(service);
            // Killed while it is charging: once it charged something, at a random moment shortly after.
            long progressDeadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
            while (charged() == chargedBefore && System.nanoTime() < progressDeadline) {
                Thread.sleep(50);
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1500));
            service.destroyForcibly().waitFor();
            lifetimes.add(Duration.ofNanos(System.nanoTime() - up));
            log.info("killed billing-service (SIGKILL) #{} after {}; {} legs charged so far", kill,
                    lifetimes.getLast(), charged());
        }
        producer.join();
        assertThat(producerFailure.get()).as("producer").isNull();

        Process last = start(KILLS + 1);
        try {
            awaitReady(last);
            long expectedLegs = calls.stream().mapToLong(c -> c.legs().size()).sum();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && (charged() < expectedLegs || pendingOutbox() > 0)) {
                Thread.sleep(200);
            }
            assertThat(charged()).as("legs charged").isEqualTo(expectedLegs);
            assertThat(pendingOutbox()).as("CallBilled rows not yet relayed").isZero();

            BigDecimal expectedTotal = calls.stream().flatMap(c -> c.legs().stream())
                    .map(leg -> expectedAmount(leg.billDurationSeconds()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sql("SELECT coalesce(sum(amount), 0) FROM charges")).isEqualByComparingTo(expectedTotal);
            assertThat(sql("SELECT count(*) FROM billed_calls")).isEqualByComparingTo(BigDecimal.valueOf(CALLS));
            for (CallEnded call : calls) {
                for (CallLeg leg : call.legs()) {
                    assertThat(legAmount(leg.callUuid())).as("leg %s", leg.callUuid())
                            .isEqualByComparingTo(expectedAmount(leg.billDurationSeconds()));
                }
            }

            // The relay publishes at least once: a kill between publishing and deleting an outbox row publishes
            // that row again under the same event id, which consumers drop. So: one distinct event per call.
            Map<String, Map<String, CallBilled>> billed = callBilledOnKafka();
            assertThat(billed).hasSize(CALLS);
            for (CallEnded call : calls) {
                List<CallBilled> ofCall = List.copyOf(billed.get(call.callUuid()).values());
                assertThat(ofCall).as("distinct CallBilled events of %s", call.callUuid()).hasSize(1);
                BigDecimal expected = call.legs().stream().map(l -> expectedAmount(l.billDurationSeconds()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(ofCall.getFirst().amount()).isEqualByComparingTo(expected);
                assertThat(ofCall.getFirst().legCount()).isEqualTo(2);
            }
        } finally {
            last.destroyForcibly().waitFor();
        }
        log.info("crash recovery: {} calls, {} kills (lifetimes {}), {} s in all", CALLS, KILLS, lifetimes,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** A call of one of 40 sessions, with two legs of varied, sometimes zero, billed durations. */
    private CallEnded call(int i) {
        String session = sessions.get(i % sessions.size());
        String call = "fault-a-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-01-01T10:00:00Z").plusSeconds(i);
        int inbound = (i * 37) % 400;
        int outbound = i % 7 == 0 ? 0 : (i * 53) % 300;
        return new CallEnded(session, "MAFAULT0000000000001", call, start, start.plusSeconds(inbound + 10), List.of(
                new CallLeg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", inbound + 2, inbound,
                        "NORMAL_CLEARING"),
                new CallLeg("fault-b-" + UUID.randomUUID(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB",
                        outbound + 2, outbound, "NORMAL_CLEARING")));
    }

    /** Default card: 0.0050 per minute, 60/60, each leg rounded up to whole minutes; 0 s costs nothing. */
    private static BigDecimal expectedAmount(int billSeconds) {
        return RATE_PER_MINUTE.multiply(BigDecimal.valueOf((billSeconds + 59) / 60));
    }

    /**
     * Streams the calls over about 20 s: every 10th is delivered twice with the same event id (a redelivery) and
     * every 15th reported again under a new event id (a replay).
     */
    private void produce(List<CallEnded> calls) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", infrastructure.kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < calls.size(); i++) {
                CallEnded call = calls.get(i);
                EventEnvelope envelope = EventEnvelope.of(EventType.CALL_ENDED, "call-router", Instant.now(),
                        call.sessionUuid(), "fault-" + run);
                send(producer, call, envelope);
                if (i % 10 == 0) {
                    send(producer, call, envelope);
                }
                if (i % 15 == 0) {
                    send(producer, call, EventEnvelope.of(EventType.CALL_ENDED, "call-router", Instant.now(),
                            call.sessionUuid(), "fault-" + run));
                }
                Thread.sleep(65);
            }
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, CallEnded call, EventEnvelope envelope)
            throws Exception {
        producer.send(new ProducerRecord<>(callTopic, null, call.sessionUuid(), codec.encode(call),
                envelope.toHeaders())).get();
    }

    /** billing-service in a new JVM with the test's classpath, on this run's topic and schema. */
    private Process start(int generation) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                // C1 only: a quicker start, and these JVMs never live long enough to profit from C2.
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                BillingServiceApplication.class.getName(),
                "--server.port=" + port,
                "--spring.cloud.function.definition=onCallEvents",
                "--spring.cloud.stream.bindings.onCallEvents-in-0.destination=" + callTopic,
                // Static group membership, as a restarted pod keeps its identity: the new JVM takes over the
                // killed one's partitions at once instead of waiting out its session timeout.
                "--spring.cloud.stream.kafka.bindings.onCallEvents-in-0.consumer.configuration.group.instance.id="
                        + "billing-fault-" + run,
                "--spring.cloud.stream.kafka.bindings.onCallEvents-in-0.consumer.configuration.session.timeout.ms="
                        + "10000",
                "--logging.level.root=WARN",
                "--logging.level.dev.veil=INFO",
                "--logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=INFO"));
        infrastructure.serviceProperties(schema).forEach((k, v) -> command.add("--" + k + "=" + v));
        Path logFile = Path.of("target", "fault-" + run + "-" + generation + ".log");
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        ports.put(process.pid(), port);
        return process;
    }

    private void awaitReady(Process process) throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + ports.get(process.pid()) + "/actuator/health");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("billing-service JVM alive (see target/fault-%s-*.log)", run).isTrue();
            try {
                var response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("billing-service did not become ready within " + READY_TIMEOUT);
    }

    private long charged() {
        return sql("SELECT count(*) FROM charges").longValueExact();
    }

    private long pendingOutbox() {
        return sql("SELECT count(*) FROM outbox").longValueExact();
    }

    private BigDecimal legAmount(String legUuid) {
        return sql("SELECT amount FROM charges WHERE call_uuid = '" + legUuid.replace("'", "''") + "'");
    }

    /** One number from this run's schema; 0 before the service created its tables. */
    private BigDecimal sql(String query) {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.user(),
                infrastructure.password())) {
            connection.setSchema(schema);
            try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
                return rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return BigDecimal.ZERO;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Every CallBilled of this run's sessions on veil.billing.v1, by call and then by event id. */
    private Map<String, Map<String, CallBilled>> callBilledOnKafka() {
        Set<String> ofRun = Set.copyOf(sessions);
        Map<String, Map<String, CallBilled>> billed = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BILLING).stream()
                    .map(p -> new TopicPartition(Topics.BILLING, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            AtomicLong records = new AtomicLong();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (ofRun.contains(r.key())) {
                        records.incrementAndGet();
                        CallBilled event = (CallBilled) codec.decode(EventType.CALL_BILLED, r.value());
                        String id = new String(r.headers().lastHeader(EventHeaders.ID).value(),
                                StandardCharsets.UTF_8);
                        billed.computeIfAbsent(event.callUuid(), c -> new HashMap<>()).put(id, event);
                    }
                });
            }
            log.info("{} CallBilled records of this run on {}", records.get(), Topics.BILLING);
        }
        return billed;
    }
}
