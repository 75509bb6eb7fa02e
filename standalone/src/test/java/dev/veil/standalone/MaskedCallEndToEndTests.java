package dev.veil.standalone;

import dev.veil.events.EventHeaders;
import dev.veil.events.Topics;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static dev.veil.standalone.StandalonePlatform.createSession;
import static dev.veil.standalone.StandalonePlatform.gateway;
import static dev.veil.standalone.StandalonePlatform.getSession;
import static dev.veil.standalone.StandalonePlatform.leg;
import static dev.veil.standalone.StandalonePlatform.placeCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first masked call through all five services, over real Kafka and Postgres: a session is created through the
 * gateway, the carrier simulator places a call from the first party to the allocated virtual number, the second
 * party's phone shows the virtual number, and the call's legs end up billed in the session's totals.
 */
@ExtendWith(StandalonePlatform.class)
class MaskedCallEndToEndTests {

    static final String FIRST_PARTY = "+14155550123";
    static final String SECOND_PARTY = "+14155550124";

    @Test
    void maskedCallIsBridgedWithTheVirtualNumberAndBilledIntoTheSessionTotals() {
        JsonNode created = createSession(Map.of("first_party", FIRST_PARTY, "second_party", SECOND_PARTY));
        String session = created.get("session_uuid").asString();
        String virtualNumber = created.get("virtual_number").asString();
        assertThat(virtualNumber).startsWith("+1");
        assertThat(created.get("session").get("first_party").asString()).isEqualTo(FIRST_PARTY.substring(1));

        JsonNode call = placeCall(Map.of("from", FIRST_PARTY, "to", virtualNumber, "talk_seconds", 65));

        JsonNode outbound = leg(call, "outbound");
        assertThat(outbound.get("to").asString()).isEqualTo(SECOND_PARTY);
        assertThat(outbound.get("caller_id_shown").asString()).isEqualTo(virtualNumber);
        assertThat(outbound.get("bill_duration").asInt()).isEqualTo(65);

        JsonNode totals = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> getSession(session), s -> s.get("total_call_count").asInt() == 1);
        // The caller's leg (ringing plus 65 s) and the callee's (65 s), each billed as 2 whole minutes at 0.0050/min.
        assertThat(totals.get("total_call_amount").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(totals.get("total_call_billed_duration").asInt()).isEqualTo(240);
        assertThat(totals.get("status").asString()).isEqualTo("active");

        assertThat(eventTypesOf(session)).contains(
                "SessionCreated", "InteractionStarted", "CallEnded", "CallBilled");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String usage = new String(gateway().get()
                .uri("/v1/Account/{id}/Masking/Usage/Sessions?from={d}&to={d}&format=csv", ACCOUNT, today, today)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(usage).contains(session);
    }

    @Test
    void numberPoolIsServedThroughTheGatewayToItsAccountOnly() {
        gateway().get().uri("/v1/Account/{id}/Masking/Number/", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.objects[*].number").value(numbers ->
                        assertThat(numbers.toString()).contains("+14155550190"));

        gateway().get().uri("/v1/Account/{id}/Masking/Number/", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, "wrong-token"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void secondPartyCallingBackReachesTheFirstPartyThroughTheSameNumber() {
        JsonNode created = createSession(Map.of("first_party", "+14155550125", "second_party", "+14155550126"));
        String virtualNumber = created.get("virtual_number").asString();

        JsonNode outbound = leg(placeCall(Map.of("from", "+14155550126", "to", virtualNumber, "talk_seconds", 10)),
                "outbound");

        assertThat(outbound.get("to").asString()).isEqualTo("+14155550125");
        assertThat(outbound.get("caller_id_shown").asString()).isEqualTo(virtualNumber);
    }

    @Test
    void badRequestsGetClearErrorsThroughTheGateway() {
        gateway().post().uri("/v1/Account/{id}/Masking/Session", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, "wrong-token"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", FIRST_PARTY, "second_party", SECOND_PARTY))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isNotEmpty();

        gateway().post().uri("/v1/Account/{id}/Masking/Session", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", "12345", "second_party", SECOND_PARTY))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("first_party"));

        gateway().post().uri("/carrier/plivo/answer")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("CallUUID=forged&From=14155550123&To=14155550190&Direction=inbound")
                .exchange().expectStatus().isForbidden();
    }

    private static List<String> eventTypesOf(String session) {
        List<String> types = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.SESSION, Topics.CALL, Topics.BILLING)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.stream().filter(r -> session.equals(r.key()))
                    .sorted(java.util.Comparator.comparingLong(r -> r.timestamp()))
                    .forEach(r -> types.add(new String(r.headers().lastHeader(EventHeaders.TYPE).value(),
                            StandardCharsets.UTF_8)));
        }
        return types;
    }
}
