package dev.veil.platform;

import dev.veil.events.EventHeaders;
import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.Topics;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.platform.events.ReceivedEvent;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.outbox.OutboxBacklog;
import dev.veil.platform.schedule.RepeatingTask;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = PlatformTestApplication.class, properties = "spring.config.name=platform-test")
class OutboxAndConsumerTests {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "platform_test");
    }

    @Autowired
    Outbox outbox;
    @Autowired
    RepeatingTask outboxRelayTask;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    DatabaseClient db;
    @Autowired
    EventCodec codec;
    @Autowired
    IdempotentConsumer consumer;
    @Autowired
    OutboxBacklog backlog;
    @Autowired
    MeterRegistry meters;

    @Test
    void committedEventIsPublishedKeyedBySessionWithItsEnvelope() {
        String session = UUID.randomUUID().toString();
        InteractionStarted event = started(session);

        tx.transactional(db.sql("INSERT INTO effects (call_uuid) VALUES ('state-change')").then()
                .then(outbox.append(event, "corr-1"))).block();

        ConsumerRecord<String, byte[]> record = readUntil(Topics.CALL, r -> r.key().equals(session)).getFirst();
        assertThat(header(record, EventHeaders.TYPE)).isEqualTo("InteractionStarted");
        assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo("corr-1");
        assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("platform-test");
        assertThat(codec.decode(dev.veil.events.EventType.INTERACTION_STARTED, record.value())).isEqualTo(event);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxSize() == 0);
    }

    @Test
    void rolledBackTransactionLeavesNoEvent() {
        String session = UUID.randomUUID().toString();
        Mono<Void> failing = outbox.append(started(session), "corr-2")
                .then(Mono.error(new IllegalStateException("state change failed")));

        assertThatThrownBy(() -> tx.transactional(failing).block()).hasMessageContaining("state change failed");
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE aggregate_id = :s").bind("s", session)
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void eventsWrittenWhileTheRelayIsDownArePublishedInOrderWhenItComesBack() {
        String session = UUID.randomUUID().toString();
        outboxRelayTask.stop();
        try {
            Flux.range(0, 30).concatMap(i -> tx.transactional(outbox.append(
                    new InteractionStarted(session, "MA1", "call-" + i, PartyRole.FIRST_PARTY, Instant.EPOCH),
                    "c"))).blockLast();
            assertThat(outboxSize()).isGreaterThanOrEqualTo(30);
            backlog.refresh().block();
            assertThat(meters.get("veil.outbox.backlog").gauge().value()).isGreaterThanOrEqualTo(30);
            await().atMost(Duration.ofSeconds(10)).until(() -> backlog.refresh().then(Mono.fromSupplier(
                    () -> meters.get("veil.outbox.lag").gauge().value())).block() > 0);
        } finally {
            outboxRelayTask.start();
        }
        List<ConsumerRecord<String, byte[]>> records = readUntilCount(Topics.CALL, session, 30);
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog.refresh().then(Mono.fromSupplier(
                () -> meters.get("veil.outbox.backlog").gauge().value())).block() == 0);
        assertThat(meters.get("veil.outbox.lag").gauge().value()).isZero();
        assertThat(records).extracting(r -> ((InteractionStarted) codec.decode(
                        dev.veil.events.EventType.INTERACTION_STARTED, r.value())).callUuid())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "call-" + i)
                        .toList());
    }

    @Test
    void eventsAppendedTogetherArePublishedInTheirOrderWithTheirOwnPayloadIdAndTime() {
        String session = UUID.randomUUID().toString();
        // Payloads with what JSON and Postgres arrays both escape: quotes, backslashes, commas, braces, non-ASCII.
        List<InteractionStarted> events = IntStream.range(0, 5).mapToObj(i -> new InteractionStarted(session, "MA1",
                "call-" + i + " \"quoted\" \\ {braced}, ünïcødé", PartyRole.SECOND_PARTY, Instant.EPOCH)).toList();
        Instant before = Instant.now();
        tx.transactional(outbox.appendAll(events.stream().map(e -> new Outbox.Entry(e, "corr-" + e.callUuid()))
                .toList())).block();
        Instant after = Instant.now();

        List<ConsumerRecord<String, byte[]>> records = readUntilCount(Topics.CALL, session, 5);
        assertThat(records).extracting(r -> codec.decode(dev.veil.events.EventType.INTERACTION_STARTED, r.value()))
                .containsExactlyElementsOf(events);
        assertThat(records).extracting(r -> header(r, EventHeaders.CORRELATION_ID))
                .containsExactlyElementsOf(events.stream().map(e -> "corr-" + e.callUuid()).toList());
        assertThat(records).extracting(r -> header(r, EventHeaders.ID)).doesNotHaveDuplicates();
        assertThat(records).extracting(r -> Instant.parse(header(r, EventHeaders.TIME)))
                .allSatisfy(time -> assertThat(time).isBetween(before.truncatedTo(ChronoUnit.MICROS), after));
    }

    @Test
    void redeliveredEventHasOneEffect() throws Exception {
        String session = UUID.randomUUID().toString();
        InteractionStarted event = new InteractionStarted(session, "MA1", "dup-" + session, PartyRole.SECOND_PARTY,
                Instant.now());
        EventEnvelope envelope = EventEnvelope.of(event.eventType(), "test", Instant.now(), session, "c");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.CALL, null, session, codec.encode(event),
                        envelope.toHeaders())).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql("SELECT count(*) FROM consumed_events "
                        + "WHERE consumer = 'platform-test.effects' AND event_id = :id").bind("id", envelope.id())
                .map(r -> r.get(0, Long.class)).one().block() == 1L);
        // Give the two redeliveries time to be consumed, then check they changed nothing.
        String marker = UUID.randomUUID().toString();
        tx.transactional(outbox.append(new InteractionStarted(session, "MA1", marker, PartyRole.FIRST_PARTY,
                Instant.now()), "c")).block();
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker) == 1L);
        assertThat(effects(event.callUuid())).isEqualTo(1L);
    }

    @Test
    void failedEffectRollsBackItsMarkerSoTheRetryApplies() {
        UUID id = UUID.randomUUID();
        String call = "retry-" + id;
        Mono<Void> effect = db.sql("INSERT INTO effects (call_uuid) VALUES (:c)").bind("c", call).then();

        assertThatThrownBy(() -> consumer.once("platform-test.retry", id,
                effect.then(Mono.error(new IllegalStateException("boom")))).block()).hasMessageContaining("boom");
        assertThat(effects(call)).isZero();

        assertThat(consumer.once("platform-test.retry", id, effect).block()).isTrue();
        assertThat(consumer.once("platform-test.retry", id, effect).block()).isFalse();
        assertThat(effects(call)).isEqualTo(1L);
    }

    @Test
    void eventsConsumedInBatchesAreAppliedOnceEachAlsoWhenRedeliveredInTheSameBatch() throws Exception {
        String session = UUID.randomUUID().toString();
        List<InteractionStarted> events = IntStream.range(0, 20).mapToObj(i -> new InteractionStarted(session, "MA1",
                "batch-" + session + "-" + i, PartyRole.FIRST_PARTY, Instant.now())).toList();
        EventEnvelope first = EventEnvelope.of(events.getFirst().eventType(), "test", Instant.now(), session, "c");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.CALL, null, session, codec.encode(events.getFirst()),
                        first.toHeaders()));
            }
            for (InteractionStarted event : events.subList(1, events.size())) {
                producer.send(new ProducerRecord<>(Topics.CALL, null, session, codec.encode(event),
                        EventEnvelope.of(event.eventType(), "test", Instant.now(), session, "c").toHeaders()));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> batchEffects("batch-" + session + "-%") == 20L);
        for (InteractionStarted event : events) {
            assertThat(batchEffects(event.callUuid())).as(event.callUuid()).isEqualTo(1L);
        }
        assertThat(meters.get("veil.events.consumed").tag("consumer", "platform-test.batch-effects")
                .tag("outcome", "duplicate").counter().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBatchWhoseEffectFailsIsAppliedOneEventAtATimeSoOnlyTheFailingEventFails() {
        String session = UUID.randomUUID().toString();
        List<InteractionStarted> events = IntStream.range(0, 3).mapToObj(i -> new InteractionStarted(session, "MA1",
                "retry-" + session + "-" + i, PartyRole.FIRST_PARTY, Instant.now())).toList();
        List<Map<String, Object>> headers = events.stream().map(e -> headers(EventEnvelope.of(e.eventType(), "test",
                Instant.now(), session, "c"))).toList();
        Message<List<byte[]>> batch = MessageBuilder.withPayload(events.stream().map(codec::encode).toList())
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
        Function<ReceivedEvent, Mono<Void>> insert = received -> db.sql(
                        "INSERT INTO batch_effects (call_uuid) VALUES (:c)")
                .bind("c", ((InteractionStarted) received.event()).callUuid()).then();

        assertThatThrownBy(() -> consumer.acceptAll("platform-test.batch-retry", batch, received ->
                ((InteractionStarted) received.event()).callUuid().endsWith("-1")
                        ? Mono.error(new IllegalStateException("boom")) : insert.apply(received)))
                .hasMessageContaining("boom");
        assertThat(batchEffects(events.get(0).callUuid())).isEqualTo(1L);
        assertThat(batchEffects(events.get(1).callUuid())).isZero();
        assertThat(batchEffects(events.get(2).callUuid())).isZero();

        consumer.acceptAll("platform-test.batch-retry", batch, insert);
        assertThat(events).allSatisfy(event -> assertThat(batchEffects(event.callUuid())).isEqualTo(1L));
    }

    @Test
    void anEventThatIsNotRelevantLeavesNoMarker() {
        String session = UUID.randomUUID().toString();
        InteractionStarted event = new InteractionStarted(session, "MA1", "skip-" + session, PartyRole.FIRST_PARTY,
                Instant.now());
        EventEnvelope envelope = EventEnvelope.of(event.eventType(), "test", Instant.now(), session, "c");
        Message<byte[]> message = MessageBuilder.createMessage(codec.encode(event),
                new MessageHeaders(headers(envelope)));

        consumer.accept("platform-test.relevant", message, received -> false,
                received -> Mono.error(new IllegalStateException("not relevant, never applied")));
        assertThat(markers(envelope.id())).isZero();
        assertThat(meters.get("veil.events.consumed").tag("consumer", "platform-test.relevant")
                .tag("outcome", "skipped").counter().count()).isEqualTo(1);

        consumer.accept("platform-test.relevant", message, received -> true, received -> Mono.empty());
        assertThat(markers(envelope.id())).isEqualTo(1L);
    }

    /** An envelope's Kafka headers as the binder hands them over (name to raw value). */
    private static Map<String, Object> headers(EventEnvelope envelope) {
        Map<String, Object> headers = new HashMap<>();
        envelope.toHeaders().forEach(header -> headers.put(header.key(), header.value()));
        return headers;
    }

    private long batchEffects(String callUuidPattern) {
        return db.sql("SELECT count(*) FROM batch_effects WHERE call_uuid LIKE :c").bind("c", callUuidPattern)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private long markers(UUID eventId) {
        return db.sql("SELECT count(*) FROM consumed_events WHERE event_id = :id").bind("id", eventId)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private long effects(String callUuid) {
        return db.sql("SELECT count(*) FROM effects WHERE call_uuid = :c").bind("c", callUuid)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private long outboxSize() {
        return db.sql("SELECT count(*) FROM outbox").map(r -> r.get(0, Long.class)).one().block();
    }

    private static InteractionStarted started(String session) {
        return new InteractionStarted(session, "MA1", UUID.randomUUID().toString(), PartyRole.FIRST_PARTY,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> readUntilCount(String topic, String key, int count) {
        return readUntil(topic, r -> r.key().equals(key), count);
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        return readUntil(topic, match, 1);
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("records on %s", topic).hasSize(count);
        return found;
    }
}
