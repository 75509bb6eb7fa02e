package dev.veil.standalone;

import dev.veil.events.Topics;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.FieldCipher;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.router.index.RoutingIndex;
import dev.veil.testsupport.CustomerEndpoint;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static dev.veil.standalone.StandalonePlatform.bean;
import static dev.veil.standalone.StandalonePlatform.createSession;
import static dev.veil.standalone.StandalonePlatform.gateway;
import static dev.veil.standalone.StandalonePlatform.getSession;
import static dev.veil.standalone.StandalonePlatform.leg;
import static dev.veil.standalone.StandalonePlatform.placeCall;
import static dev.veil.standalone.StandalonePlatform.recordings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A data-erasure request through the public API, end to end: every session of the account naming the number is
 * expired, its recordings are deleted from the store, the router stops routing it, the session topic's latest state
 * carries no party, and no service keeps anything that opens to the number or its blind index.
 */
@ExtendWith(StandalonePlatform.class)
class ErasureEndToEndTests {

    static final String ERASED = "+14155550211";
    static final String OTHER = "+14155550212";
    static final String THIRD = "+14155550213";
    private static final JsonMapper JSON = new JsonMapper();
    private static final Pattern SEALED = Pattern.compile("[A-Za-z0-9_-]{1,32}\\.[A-Za-z0-9_-]{30,}");

    @Test
    void erasureExpiresTheNumbersSessionsDeletesItsRecordingsAndLeavesNothingThatOpensToIt() throws Exception {
        CustomerEndpoint customer = CustomerEndpoint.reserve();
        customer.start();
        try {
            JsonNode recorded = createSession(Map.of("first_party", ERASED, "second_party", OTHER, "record", true,
                    "recording_callback_url", customer.url("/recordings")));
            String session = recorded.get("session_uuid").asString();
            String virtualNumber = recorded.get("virtual_number").asString();
            String second = createSession(Map.of("first_party", THIRD, "second_party", ERASED))
                    .get("session_uuid").asString();
            String untouched = createSession(Map.of("first_party", OTHER, "second_party", THIRD))
                    .get("session_uuid").asString();
            placeCall(Map.of("from", ERASED, "to", virtualNumber, "talk_seconds", 10));
            String recording = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordings(session), list -> list.size() == 1).get(0).get("recording_id").asString();

            JsonNode erased = JSON.readTree(gateway().post().uri("/v1/Account/{id}/Masking/Erasure/", ACCOUNT)
                    .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("number", ERASED))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());

            assertThat(erased.get("sessions_erased").asInt()).isEqualTo(2);
            assertThat(erased.toString()).doesNotContain(ERASED.substring(1));
            assertThat(getSession(session).get("status").asString()).isEqualTo("expired");
            assertThat(getSession(second).get("status").asString()).isEqualTo("expired");
            assertThat(getSession(untouched).get("status").asString()).isEqualTo("active");
            RoutingIndex index = bean("call-router", RoutingIndex.class);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordings(session).isEmpty() && index.session(session).isEmpty());
            gateway().get().uri("/v1/Account/{id}/Recording/{rec}.wav", ACCOUNT, recording)
                    .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isNotFound();

            JsonNode call = placeCall(Map.of("from", ERASED, "to", virtualNumber, "talk_seconds", 5));
            assertThat(leg(call, "outbound")).as("the erased number's call is not bridged").isNull();

            JsonNode latest = latestSessionEvent(session);
            assertThat(latest.get("reason").asString()).isEqualTo("erased");
            assertThat(latest.get("session").get("firstParty").isNull()).isTrue();
            assertThat(latest.get("session").get("secondParty").isNull()).isTrue();

            assertThat(whatStillOpensTo(ERASED)).isEmpty();
        } finally {
            customer.stop();
        }
    }

    /** The latest record of the session on the compacted session topic, which is what survives compaction. */
    private static JsonNode latestSessionEvent(String session) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SESSION).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            String latest = null;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (session.equals(record.key())) {
                        latest = record.value();
                    }
                }
            }
            assertThat(latest).isNotNull();
            return JSON.readTree(latest);
        }
    }

    /**
     * Every stored value of session-service, call-router, recording-service and allocation-service that still
     * yields the number: a sealed value that opens to it with the service's own data key, or its blind index.
     */
    private static List<String> whatStillOpensTo(String number) throws SQLException {
        String blindIndex = bean("session-service", PrivacyKeys.class).blindIndex().of(PhoneNumber.parse(number));
        List<String> found = new ArrayList<>();
        VeilInfrastructure infra = VeilInfrastructure.get();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password())) {
            for (Map.Entry<String, String> service : Map.of("session", "session-service", "router", "call-router",
                    "recording", "recording-service", "allocation", "allocation-service").entrySet()) {
                FieldCipher cipher = bean(service.getValue(), PrivacyKeys.class).data();
                try (Statement columns = db.createStatement();
                     ResultSet column = columns.executeQuery("""
                             SELECT c.table_name, c.column_name FROM information_schema.columns c
                             JOIN information_schema.tables t USING (table_schema, table_name)
                             WHERE t.table_type = 'BASE TABLE' AND c.table_schema = '%s'
                               AND c.data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')"""
                             .formatted(service.getKey()))) {
                    while (column.next()) {
                        String table = column.getString(1);
                        String name = column.getString(2);
                        try (Statement values = db.createStatement();
                             ResultSet value = values.executeQuery("SELECT CAST(\"" + name + "\" AS text) FROM \""
                                     + service.getKey() + "\".\"" + table + "\" WHERE \"" + name + "\" IS NOT NULL")) {
                            while (value.next()) {
                                String text = value.getString(1);
                                String where = service.getKey() + "." + table + "." + name;
                                if (text.contains(blindIndex)) {
                                    found.add(where + " holds the number's blind index");
                                }
                                if (SEALED.matcher(text).matches() && opensTo(cipher, text, table + "." + name,
                                        number)) {
                                    found.add(where + " holds a value that opens to the number");
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean opensTo(FieldCipher cipher, String sealed, String context, String number) {
        try {
            return cipher.decrypt(sealed, context).contains(number.substring(1));
        } catch (IllegalStateException notThisColumnsOrKeys) {
            return false;
        }
    }
}
