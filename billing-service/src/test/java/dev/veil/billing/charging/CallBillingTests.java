package dev.veil.billing.charging;

import dev.veil.billing.BillingProperties;
import dev.veil.billing.BillingServiceApplication;
import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.InteractionStarted;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.events.Topics;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
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
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * billing-service end to end over real Kafka and Postgres: {@code CallEnded} on {@code veil.call.v1} in,
 * {@code charges} rows and one {@code CallBilled} on {@code veil.billing.v1} out, however often the call is
 * reported.
 */
@SpringBootTest(properties = "spring.config.name=" + BillingServiceApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "30s")
class CallBillingTests {

    private static final String ACCOUNT = "MAVEILDEMO0000000001";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "billing");
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    EventCodec codec;
    @Autowired
    MeterRegistry meters;
    @Autowired
    BillingProperties properties;

    @Test
    void defaultsToTheDemoRatePlan() {
        assertThat(properties.ratePerMinute()).isEqualByComparingTo("0.0050");
        assertThat(properties.currency().getCurrencyCode()).isEqualTo("USD");
        assertThat(properties.initialIncrementSeconds()).isEqualTo(60);
        assertThat(properties.subsequentIncrementSeconds()).isEqualTo(60);
    }

    @Test
    void callEndedChargesEachLegAndPublishesOneCallBilledForTheCall() {
        String session = UUID.randomUUID().toString();
        CallEnded call = callEnded(session, 65, 65);
        double amountBefore = counter("veil.billing.amount", "currency", "USD");
        double outboundBefore = counter("veil.billing.legs", "direction", "outbound");

        publish(call, envelope(call, "corr-" + session));

        ConsumerRecord<String, byte[]> record = billedRecords(session, 1).getFirst();
        assertThat(codec.decode(EventType.CALL_BILLED, record.value())).isEqualTo(new CallBilled(session, ACCOUNT,
                call.callUuid(), new BigDecimal("0.02000"), "USD", 240, 2));
        assertThat(record.key()).isEqualTo(session);
        assertThat(header(record, EventHeaders.TYPE)).isEqualTo("CallBilled");
        assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("billing-service");
        assertThat(header(record, EventHeaders.SUBJECT)).isEqualTo(session);
        assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo("corr-" + session);

        web.get().uri("/internal/v1/charges?session_uuid={s}", session).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].call_uuid").isEqualTo(call.legs().get(0).callUuid())
                .jsonPath("$[0].direction").isEqualTo("inbound")
                .jsonPath("$[0].session_uuid").isEqualTo(session)
                .jsonPath("$[0].account_id").isEqualTo(ACCOUNT)
                .jsonPath("$[0].interaction_call_uuid").isEqualTo(call.callUuid())
                .jsonPath("$[0].country").isEqualTo("US")
                .jsonPath("$[0].bill_duration").isEqualTo(65)
                .jsonPath("$[0].billed_seconds").isEqualTo(120)
                .jsonPath("$[0].rate").isEqualTo("0.0050")
                .jsonPath("$[0].amount").isEqualTo("0.01000")
                .jsonPath("$[0].currency").isEqualTo("USD")
                .jsonPath("$[0].charged_at")
                .value(at -> assertThat(Instant.parse((String) at)).isBefore(Instant.now()))
                .jsonPath("$[1].call_uuid").isEqualTo(call.legs().get(1).callUuid())
                .jsonPath("$[1].direction").isEqualTo("outbound")
                .jsonPath("$[1].country").isEqualTo("GB")
                .jsonPath("$[1].amount").isEqualTo("0.01000");

        assertThat(counter("veil.billing.amount", "currency", "USD") - amountBefore)
                .isCloseTo(0.02, offset(1e-9));
        assertThat(counter("veil.billing.legs", "direction", "outbound") - outboundBefore).isEqualTo(1.0);
    }

    @Test
    void anUnansweredLegIsChargedNothingButCounted() {
        String session = UUID.randomUUID().toString();
        CallEnded call = callEnded(session, 20, 0);

        publish(call, envelope(call, "c"));

        assertThat(codec.decode(EventType.CALL_BILLED, billedRecords(session, 1).getFirst().value()))
                .isEqualTo(new CallBilled(session, ACCOUNT, call.callUuid(), new BigDecimal("0.00500"), "USD", 60,
                        2));
        assertThat(chargedSeconds(call.legs().get(1).callUuid())).isZero();
    }

    @Test
    void aRedeliveredCallEndedChargesOnceAndIsBilledOnce() {
        String session = UUID.randomUUID().toString();
        CallEnded call = callEnded(session, 65, 65);
        EventEnvelope envelope = envelope(call, "c");

        for (int i = 0; i < 3; i++) {
            publish(call, envelope);
        }
        // A later call of the same session sits behind the redeliveries on the same partition: once it is
        // billed, every redelivery has been consumed.
        CallEnded later = callEnded(session, 30, 30);
        publish(later, envelope(later, "c"));

        List<CallBilled> billed = billedRecords(session, 2).stream()
                .map(r -> (CallBilled) codec.decode(EventType.CALL_BILLED, r.value())).toList();
        assertThat(billed).extracting(CallBilled::callUuid).containsExactly(call.callUuid(), later.callUuid());
        assertThat(chargesOfCall(call.callUuid())).isEqualTo(2);
        assertThat(consumed(envelope.id())).isEqualTo(1);
    }

    @Test
    void theSameCallUnderANewEventIdIsNotChargedOrBilledAgain() {
        String session = UUID.randomUUID().toString();
        CallEnded call = callEnded(session, 65, 65);
        publish(call, envelope(call, "c"));
        billedRecords(session, 1);
        double alreadyBilledBefore = counter("veil.billing.calls", "outcome", "already_billed");

        // The same call reported again, by another event and with other durations: the first report stands.
        CallEnded again = new CallEnded(session, ACCOUNT, call.callUuid(), call.startTime(), call.endTime(),
                List.of(leg(call.legs().get(0).callUuid(), LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", 300),
                        leg(call.legs().get(1).callUuid(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB", 300)));
        EventEnvelope second = envelope(again, "c");
        publish(again, second);

        await().atMost(WAIT).until(() -> consumed(second.id()) == 1);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM outbox") == 0);
        assertThat(billedRecords(session, 1)).hasSize(1);
        assertThat(chargesOfCall(call.callUuid())).isEqualTo(2);
        assertThat(chargedSeconds(call.legs().get(0).callUuid())).isEqualTo(120);
        assertThat(counter("veil.billing.calls", "outcome", "already_billed") - alreadyBilledBefore)
                .isEqualTo(1.0);
    }

    @Test
    void interactionStartedIsConsumedWithoutCharging() {
        String session = UUID.randomUUID().toString();
        InteractionStarted started = new InteractionStarted(session, ACCOUNT, "a-" + session,
                PartyRole.FIRST_PARTY, Instant.now());
        EventEnvelope envelope = envelope(started, "c");

        publish(started, envelope);

        await().atMost(WAIT).until(() -> consumed(envelope.id()) == 1);
        assertThat(countOfSession("SELECT count(*) FROM charges WHERE session_uuid = :s", session)).isZero();
        assertThat(countOfSession("SELECT count(*) FROM billed_calls WHERE session_uuid = :s", session)).isZero();
    }

    @Test
    void chargesListingIsEmptyForAnUnknownSessionAndRefusesAMissingSession() {
        web.get().uri("/internal/v1/charges?session_uuid={s}", UUID.randomUUID()).exchange()
                .expectStatus().isOk()
                .expectBody().json("[]");

        web.get().uri("/internal/v1/charges").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Mandatory parameter missing. session_uuid must be present.");
    }

    @Test
    void servesHealthAndTheBillingMetrics() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");

        String metrics = web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("veil_billing_amount_total{").contains("currency=\"USD\"");
    }

    private static CallEnded callEnded(String session, int inboundBillSeconds, int outboundBillSeconds) {
        String call = "a-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        return new CallEnded(session, ACCOUNT, call, start, start.plusSeconds(90), List.of(
                leg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", inboundBillSeconds),
                leg("b-" + UUID.randomUUID(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB",
                        outboundBillSeconds)));
    }

    private static CallLeg leg(String uuid, LegDirection direction, PartyRole party, String country,
            int billSeconds) {
        return new CallLeg(uuid, direction, party, country, billSeconds + 5, billSeconds, "NORMAL_CLEARING");
    }

    private static EventEnvelope envelope(VeilEvent event, String correlationId) {
        return EventEnvelope.of(event.eventType(), "call-router", Instant.now(), event.sessionUuid(), correlationId);
    }

    /** Publishes an event as call-router's outbox relay would: keyed by session, envelope in the headers. */
    private void publish(VeilEvent event, EventEnvelope envelope) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CALL, null, event.sessionUuid(), codec.encode(event),
                    envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.eventType(), e.getCause());
        }
    }

    /**
     * Waits until {@code expected} records keyed by the session are on {@code veil.billing.v1}, then returns every
     * record keyed by it up to the topic's end, so a record beyond those expected is returned too.
     */
    private static List<ConsumerRecord<String, byte[]>> billedRecords(String session, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BILLING).stream()
                    .map(p -> new TopicPartition(Topics.BILLING, p.partition())).toList();
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
        assertThat(found).as("CallBilled records of session %s", session).hasSize(expected);
        return found;
    }

    private static boolean behind(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private long consumed(UUID eventId) {
        return db.sql("SELECT count(*) FROM consumed_events WHERE consumer = :c AND event_id = :id")
                .bind("c", CallEventsBinding.CONSUMER).bind("id", eventId)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private long chargesOfCall(String callUuid) {
        return db.sql("SELECT count(*) FROM charges WHERE interaction_call_uuid = :c").bind("c", callUuid)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private int chargedSeconds(String legUuid) {
        return db.sql("SELECT billed_seconds FROM charges WHERE call_uuid = :c").bind("c", legUuid)
                .map(r -> r.get(0, Integer.class)).one().block();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private long countOfSession(String sql, String session) {
        return db.sql(sql).bind("s", session).map(r -> r.get(0, Long.class)).one().block();
    }
}
