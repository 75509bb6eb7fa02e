package dev.veil.router;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.RoutingOptions;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.events.Topics;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The test's side of Kafka: publishes session events as session-service does (keyed by session uuid, envelope in
 * headers) and reads what call-router published.
 */
public final class Kafka {

    private static final EventCodec CODEC = new EventCodec();
    private static Producer<String, byte[]> producer;

    private Kafka() {
    }

    /** Publishes {@code SessionCreated} for the session. */
    public static void sessionCreated(TestSession session) {
        publish(new SessionCreated(session.uuid(), session.state(), Instant.now()));
    }

    /** Publishes {@code SessionExpired} for the session. */
    public static void sessionExpired(TestSession session) {
        publish(new SessionExpired(session.uuid(), session.expired().state(), "api", Instant.now()));
    }

    /**
     * Publishes {@code SessionExpired} with reason {@code erased}, as session-service does after a data-erasure
     * request: no party and no PIN left in the state.
     */
    public static void sessionErased(TestSession session) {
        SessionState state = session.expired().state();
        RoutingOptions options = state.options();
        publish(new SessionExpired(session.uuid(), new SessionState(state.accountId(), null, null,
                state.virtualNumber(), state.status(), state.callTimeLimit(), state.ringTimeout(),
                state.createdTime(), state.expiryTime(), state.record(), state.recordFileFormat(),
                new RoutingOptions(options.initiateCallToFirstParty(), options.firstPartyPlayUrl(),
                        options.secondPartyPlayUrl(), options.singleParty(), options.unknownCallerPlay(),
                        options.virtualNumberCooloffPeriod(), null)), "erased", Instant.now()));
    }

    private static synchronized void publish(VeilEvent event) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        EventEnvelope envelope = EventEnvelope.of(event.eventType(), "session-service", Instant.now(),
                event.sessionUuid(), "test-" + event.sessionUuid());
        try {
            producer.send(new ProducerRecord<>(event.eventType().topic(), null, event.sessionUuid(),
                    CODEC.encode(event), envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish " + event.eventType().wireName(), e.getCause());
        }
    }

    /** Every event on {@code veil.call.v1} so far, in order per session; only those keyed by {@code session}. */
    public static List<VeilEvent> callEvents(String session) {
        return callRecords().stream().filter(r -> session.equals(r.key())).map(Kafka::decode).toList();
    }

    /** Every event on {@code veil.call.v1} so far, whatever its key. */
    public static List<VeilEvent> allCallEvents() {
        return callRecords().stream().map(Kafka::decode).toList();
    }

    private static VeilEvent decode(ConsumerRecord<String, byte[]> record) {
        String type = new String(record.headers().lastHeader(EventHeaders.TYPE).value(), StandardCharsets.UTF_8);
        return CODEC.decode(EventType.fromWireName(type).orElseThrow(), record.value());
    }

    /** Reads the call topic from its beginning up to its end as of now. */
    private static List<ConsumerRecord<String, byte[]>> callRecords() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CALL).stream()
                    .map(p -> new TopicPartition(Topics.CALL, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.CALL + " to its end");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
