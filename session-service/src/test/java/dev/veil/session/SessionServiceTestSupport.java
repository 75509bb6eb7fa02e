package dev.veil.session;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.events.PartyNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring context for every integration test of session-service (same properties, so Spring caches it), on
 * real Kafka and Postgres, served on a random port (the official SDK needs a real server), with allocation-service played by {@link FakeAllocationService}. Two accounts exist:
 * {@link #ACCOUNT} and {@link #OTHER_ACCOUNT}.
 */
@SpringBootTest(classes = SessionServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=session-service",
        "veil.session.accounts[0].auth-id=" + SessionServiceTestSupport.ACCOUNT,
        "veil.session.accounts[0].auth-token=" + SessionServiceTestSupport.TOKEN,
        "veil.session.accounts[1].auth-id=" + SessionServiceTestSupport.OTHER_ACCOUNT,
        "veil.session.accounts[1].auth-token=" + SessionServiceTestSupport.OTHER_TOKEN,
        "veil.session.allocation-timeout=2s",
        // Customer endpoints of the callback tests listen on 127.0.0.1; retries in (milli)seconds, not hours.
        "veil.session.callbacks.allow-private-targets=true",
        "veil.session.callbacks.timeout=1s",
        "veil.session.callbacks.lease=2s",
        "veil.session.callbacks.initial-backoff=100ms",
        "veil.session.callbacks.max-backoff=400ms",
        "veil.session.callbacks.max-age=12s",
        "veil.session.callbacks.interval=50ms"})
// A loaded 2-core machine can take more than the default 5 s for a first request.
@AutoConfigureWebTestClient(timeout = "PT30S")
public abstract class SessionServiceTestSupport {

    public static final String ACCOUNT = "MAVEILDEMO0000000001";
    public static final String TOKEN = "veil-demo-token";
    public static final String OTHER_ACCOUNT = "MAOTHERTENANT0000001";
    public static final String OTHER_TOKEN = "other-tenant-token";
    public static final String SESSIONS_PATH = "/v1/Account/{authId}/Masking/Session/";

    protected static final FakeAllocationService ALLOCATOR = FakeAllocationService.start();
    protected static final JsonMapper JSON = new JsonMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "session");
        registry.add("veil.session.allocation-service-url", ALLOCATOR::baseUrl);
    }

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected EventCodec codec;
    @Autowired
    protected PrivacyKeys keys;

    @BeforeEach
    void allocatorAllocates() {
        ALLOCATOR.reply(new FakeAllocationService.Reply.Allocate());
    }

    /** Creates a session of {@link #ACCOUNT} with these parameters; returns the 201 body. */
    protected JsonNode createSession(Map<String, ?> params) {
        byte[] body = web.post().uri(SESSIONS_PATH, ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(params)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** GETs a session of {@link #ACCOUNT}; returns the session object under {@code response}. */
    protected JsonNode getSession(String sessionUuid) {
        byte[] body = web.get().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, sessionUuid)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("response");
    }

    /** The E.164 number sealed in an event's party (null for none), opened with the event key. */
    protected String opened(PartyNumber party) {
        return party == null ? null : keys.number(party).e164();
    }

    protected long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    /** Publishes events as their producers would: keyed by {@code VeilEvent#key()}, with the envelope in headers. */
    protected void publish(VeilEvent... events) {
        for (VeilEvent event : events) {
            publish(event, EventEnvelope.of(event.eventType(), "test", Instant.now(), event.sessionUuid(), "test"));
        }
    }

    /** Publishes an event with a given envelope, to redeliver the same event id. */
    protected void publish(VeilEvent event, EventEnvelope envelope) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.eventType().topic(), null, event.key(),
                    codec.encode(event), envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Reads {@code topic} from the start until {@code count} records keyed {@code key} of this type were seen. */
    protected List<ConsumerRecord<String, byte[]>> readEvents(String key, EventType type, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(type.topic()).stream()
                    .map(p -> new TopicPartition(type.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key()) && type.wireName().equals(header(r, EventHeaders.TYPE))) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("%s records keyed %s on %s", type.wireName(), key, type.topic()).hasSize(count);
        return found;
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
