package dev.veil.billing;

import dev.veil.events.PartyNumber;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionState;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.testsupport.FakeSessionService;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Spring context of billing-service's integration tests (real Kafka and Postgres), shared by every test
 * class extending this, with helpers to publish events as their producers would and to read what billing published.
 */
@SpringBootTest(properties = {
        "spring.config.name=" + BillingServiceApplication.CONFIG_NAME,
        "veil.billing.subaccounts[" + BillingIntegration.SUBACCOUNT + "]=" + BillingIntegration.MAIN_ACCOUNT,
        "veil.billing.consumers.instance-id=" + BillingIntegration.INSTANCE_ID})
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class BillingIntegration {

    /** A main account with one subaccount mapped to it in this context's configuration. */
    public static final String MAIN_ACCOUNT = "MAUSAGE0000000000001";
    public static final String SUBACCOUNT = "SAUSAGE0000000000001";
    /** This context's billing instance id: its consumers join their group as static members. */
    public static final String INSTANCE_ID = "billing-it";
    protected static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "billing");
        FakeSessionService.get().addSubaccount(MAIN_ACCOUNT, SUBACCOUNT);
        registry.add("veil.accounts.session-service-url", FakeSessionService.get()::baseUrl);
    }

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected EventCodec codec;
    @Autowired
    protected MeterRegistry meters;

    protected static EventEnvelope envelope(VeilEvent event, String source, String correlationId) {
        return EventEnvelope.of(event.eventType(), source, Instant.now(), event.sessionUuid(), correlationId);
    }

    /** Publishes an event as its producer's outbox relay would: keyed by session, envelope in the headers. */
    protected void publish(String topic, VeilEvent event, EventEnvelope envelope) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, event.sessionUuid(), codec.encode(event),
                    envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.eventType(), e.getCause());
        }
    }

    /** A session created for {@code account}, as session-service publishes it. */
    protected static SessionCreated sessionCreated(String sessionUuid, String account) {
        Instant now = Instant.now();
        return new SessionCreated(sessionUuid, new SessionState(account,
                new PartyNumber("Gq3vXk0bPz1mT8wR4yNc2A", "US", "dev.sealed-first-party"),
                new PartyNumber("p0LwE7rT2nYc5KxZ9mQa8g", "GB", "dev.sealed-second-party"), "+14155550199", "active", 14400, 45, now, now.plusSeconds(3600), false, "mp3"), now);
    }

    /**
     * Waits until {@code expected} records keyed by the session are on {@code topic}, then returns every record
     * keyed by it up to the topic's end, so a record beyond those expected is returned too.
     */
    protected static List<ConsumerRecord<String, byte[]>> records(String topic, String session, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (System.nanoTime() < deadline
                    && (found.size() < expected || behind(consumer, partitions, end))) {
                if (found.size() < expected) {
                    end = consumer.endOffsets(partitions);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (session.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("records of session %s on %s", session, topic).hasSize(expected);
        return found;
    }

    private static boolean behind(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p));
    }

    /** Sets an account's rate card through the admin API. */
    protected void putRateCard(String account, String json) {
        web.put().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .header("Content-Type", "application/json")
                .bodyValue(json)
                .exchange()
                .expectStatus().isOk();
    }

    protected double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    protected long count(String sql, String param) {
        return db.sql(sql).bind("p", param).map(r -> r.get(0, Long.class)).one().block();
    }
}
