package dev.veil.billing.charging;

import dev.veil.billing.BillingIntegration;
import dev.veil.billing.BillingProperties;
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
import dev.veil.platform.events.EventEnvelope;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * billing-service end to end over real Kafka and Postgres: {@code CallEnded} on {@code veil.call.v1} in,
 * {@code charges} rows and one {@code CallBilled} on {@code veil.billing.v1} out, however often the call is
 * reported.
 */
class CallBillingTests extends BillingIntegration {

    private static final String ACCOUNT = "MAVEILDEMO0000000001";

    @Autowired
    BillingProperties properties;

    @Test
    void defaultsToTheDemoRatePlan() {
        assertThat(properties.ratePerMinute()).isEqualByComparingTo("0.0050");
        assertThat(properties.currency().getCurrencyCode()).isEqualTo("USD");
        assertThat(properties.initialIncrementSeconds()).isEqualTo(60);
        assertThat(properties.subsequentIncrementSeconds()).isEqualTo(60);
        assertThat(properties.sessionFee()).isEqualByComparingTo("0");
        assertThat(properties.admin().username()).isEqualTo("veil-admin");
        assertThat(properties.mainAccountOf(SUBACCOUNT)).isEqualTo(MAIN_ACCOUNT);
    }

    @Test
    void legsAreRatedWithTheAccountsCardByCountryAndDirectionAndAChangeAppliesOnlyAfterwards() {
        String account = "MACARD" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        putRateCard(account, """
                {"currency": "EUR", "default": {"rate_per_minute": "0.0100"},
                 "countries": [{"country": "GB", "direction": "outbound", "rate_per_minute": 0.0300,
                                "initial_increment_seconds": 1, "subsequent_increment_seconds": 1}]}""");
        String session = UUID.randomUUID().toString();
        CallEnded first = callEnded(session, account, 65, 65);
        publish(first, envelope(first, "c"));
        records(Topics.BILLING, session, 1);

        putRateCard(account, """
                {"currency": "EUR", "default": {"rate_per_minute": "0.0200"}}""");
        CallEnded second = callEnded(session, account, 65, 65);
        publish(second, envelope(second, "c"));

        List<CallBilled> billed = billedRecords(session, 2).stream()
                .map(r -> (CallBilled) codec.decode(EventType.CALL_BILLED, r.value())).toList();
        // First call: US inbound on the default 0.0100 60/60 (120 s), GB outbound at 0.0300 1/1 (65 s).
        assertThat(billed.get(0)).isEqualTo(new CallBilled(session, account, first.callUuid(),
                new BigDecimal("0.05250"), "EUR", 185, 2));
        // Second call, after the change: both legs on the new default.
        assertThat(billed.get(1)).isEqualTo(new CallBilled(session, account, second.callUuid(),
                new BigDecimal("0.08000"), "EUR", 240, 2));
        web.get().uri("/internal/v1/charges?session_uuid={s}", session).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(4)
                .jsonPath("$[?(@.call_uuid == '%s')].rate".formatted(first.legs().get(1).callUuid()))
                .isEqualTo(List.of("0.0300"))
                .jsonPath("$[?(@.call_uuid == '%s')].amount".formatted(first.legs().get(1).callUuid()))
                .isEqualTo(List.of("0.03250"))
                .jsonPath("$[?(@.call_uuid == '%s')].rate".formatted(first.legs().get(0).callUuid()))
                .isEqualTo(List.of("0.0100"))
                .jsonPath("$[?(@.call_uuid == '%s')].rate".formatted(second.legs().get(1).callUuid()))
                .isEqualTo(List.of("0.0200"))
                .jsonPath("$[*].currency").isEqualTo(List.of("EUR", "EUR", "EUR", "EUR"));
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
    void interactionStartedChargesNothingAndLeavesNoMarker() {
        String session = UUID.randomUUID().toString();
        InteractionStarted started = new InteractionStarted(session, ACCOUNT, "a-" + session,
                PartyRole.FIRST_PARTY, Instant.now());
        EventEnvelope envelope = envelope(started, "c");
        CallEnded call = callEnded(session, 65, 65);
        EventEnvelope ended = envelope(call, "c");

        publish(started, envelope);
        publish(call, ended);

        // Same session, same partition: once the CallEnded behind it is applied, the InteractionStarted was read.
        await().atMost(WAIT).until(() -> consumed(ended.id()) == 1);
        assertThat(consumed(envelope.id())).isZero();
        assertThat(countOfSession("SELECT count(*) FROM billed_calls WHERE session_uuid = :s", session)).isEqualTo(1);
        assertThat(chargesOfCall(call.callUuid())).isEqualTo(2);
        assertThat(countOfSession("SELECT count(*) FROM charges WHERE session_uuid = :s", session)).isEqualTo(2);
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
        // Consumer lag of each binding's group and topic, from the Kafka binder.
        assertThat(metrics).containsPattern(
                "spring_cloud_stream_binder_kafka_offset\\{[^}]*group=\"billing-service\"[^}]*topic=\"veil.call.v1\"");
        assertThat(metrics).containsPattern("spring_cloud_stream_binder_kafka_offset\\{[^}]*"
                + "group=\"billing-service-sessions\"[^}]*topic=\"veil.session.v2\"");
    }

    @Test
    void eachBindingIsTheStaticMemberOfThisInstanceInAGroupOfItsOwn() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                VeilInfrastructure.get().kafkaBootstrapServers()))) {
            Map<String, List<String>> members = await().atMost(WAIT).until(() -> admin
                    .describeConsumerGroups(List.of("billing-service", "billing-service-sessions")).all().get()
                    .values().stream().collect(Collectors.toMap(ConsumerGroupDescription::groupId, group -> group
                            .members().stream().map(m -> m.groupInstanceId().orElse("dynamic")).toList())),
                    groups -> groups.values().stream().allMatch(m -> !m.isEmpty()));
            // spring-kafka appends the index of the binding's listener container (one consumer each: -0).
            assertThat(members).containsOnly(
                    Map.entry("billing-service", List.of(INSTANCE_ID + "-onCallEvents-in-0-0")),
                    Map.entry("billing-service-sessions", List.of(INSTANCE_ID + "-onSessionEvents-in-0-0")));
        }
    }

    private static CallEnded callEnded(String session, int inboundBillSeconds, int outboundBillSeconds) {
        return callEnded(session, ACCOUNT, inboundBillSeconds, outboundBillSeconds);
    }

    private static CallEnded callEnded(String session, String account, int inboundBillSeconds,
            int outboundBillSeconds) {
        String call = "a-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        return new CallEnded(session, account, call, start, start.plusSeconds(90), List.of(
                leg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", inboundBillSeconds),
                leg("b-" + UUID.randomUUID(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB",
                        outboundBillSeconds)));
    }

    private static CallLeg leg(String uuid, LegDirection direction, PartyRole party, String country,
            int billSeconds) {
        return new CallLeg(uuid, direction, party, country, billSeconds + 5, billSeconds, "NORMAL_CLEARING");
    }

    private static EventEnvelope envelope(VeilEvent event, String correlationId) {
        return envelope(event, "call-router", correlationId);
    }

    private void publish(VeilEvent event, EventEnvelope envelope) {
        publish(Topics.CALL, event, envelope);
    }

    private static List<ConsumerRecord<String, byte[]>> billedRecords(String session, int expected) {
        return records(Topics.BILLING, session, expected);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
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
