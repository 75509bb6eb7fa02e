package dev.veil.standalone;

import dev.veil.testsupport.CustomerEndpoint;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static dev.veil.standalone.StandalonePlatform.awaitRoutable;
import static dev.veil.standalone.StandalonePlatform.createSession;
import static dev.veil.standalone.StandalonePlatform.gateway;
import static dev.veil.standalone.StandalonePlatform.getSession;
import static dev.veil.standalone.StandalonePlatform.placeCall;
import static dev.veil.standalone.StandalonePlatform.recordings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's audit: after every other end-to-end test on the shared platform (this class runs after them) and traffic of its own
 * (a recorded call with customer callbacks, a stranger's PIN call with a wrong PIN first), no real phone number
 * used by the tests appears in clear in any Kafka topic (keys, values, headers), in any table of the platform's
 * database (every row of every table of every schema read as text, as a {@code pg_dump} would hold it), or in any
 * log line the platform wrote. Real numbers go out only to the carrier (call-control XML) and to the customer
 * (API responses, callbacks), which this scan does not cover.
 */
@ExtendWith(StandalonePlatform.class)
@Order(Integer.MAX_VALUE - 1)
class PrivacyScanEndToEndTests {

    static final String FIRST = "+14155550181";
    static final String SECOND = "+14155550182";
    static final String STRANGER = "+14155550189";
    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void noTestNumberIsInClearInAnyTopicTableOrLogLine() throws Exception {
        traffic();
        Set<String> numbers = new HashSet<>(StandalonePlatform.testNumbers());
        numbers.addAll(listedParties());
        assertThat(numbers).contains(FIRST, SECOND, STRANGER);
        // The matcher finds a number where one is in clear: the API answers the customer with its own numbers.
        assertThat(findings(numbers, "API", getSession(recordedSession).toString())).isNotEmpty();

        List<String> found = new ArrayList<>();
        scanKafka(text -> found.addAll(findings(numbers, text.substring(0, text.indexOf('\n')), text)));
        scanTables(text -> found.addAll(findings(numbers, text.substring(0, text.indexOf('\n')), text)));
        List<String> logs = LogCapture.lines();
        assertThat(logs).as("the platform's log lines were captured").isNotEmpty();
        logs.forEach(line -> found.addAll(findings(numbers, "log", line)));

        assertThat(found).isEmpty();
    }

    private String recordedSession;

    /** A recorded call with callbacks, and a stranger's PIN call with a wrong PIN first; waits for their effects. */
    private void traffic() {
        CustomerEndpoint customer = CustomerEndpoint.reserve();
        customer.start();
        try {
            JsonNode created = createSession(Map.of("first_party", FIRST, "second_party", SECOND, "record", true,
                    "callback_url", customer.url("/events"), "recording_callback_url", customer.url("/recordings"),
                    "is_pin_authentication_required", true, "first_party_pin", "2468", "second_party_pin", "1357",
                    "pin_prompt_play", "https://media.example/enter-pin.mp3"));
            recordedSession = created.get("session_uuid").asString();
            String virtualNumber = created.get("virtual_number").asString();
            awaitRoutable(recordedSession);
            placeCall(Map.of("from", FIRST, "to", virtualNumber, "talk_seconds", 15));
            placeCall(Map.of("from", STRANGER, "to", virtualNumber, "talk_seconds", 10,
                    "digits", List.of("9999#", "2468#")));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> getSession(recordedSession).get("total_call_count").asInt() == 2
                            && recordings(recordedSession).size() == 2
                            && !customer.received("/events").isEmpty()
                            && customer.received("/recordings").size() == 4);
        } finally {
            customer.stop();
        }
    }

    /** The parties of every session of the demo account, as the API lists them (sessions the tests made elsewhere). */
    private static Set<String> listedParties() {
        Set<String> parties = new HashSet<>();
        for (int offset = 0; ; offset += 20) {
            JsonNode page = JSON.readTree(gateway().get()
                    .uri("/v1/Account/{id}/Masking/Session/?limit=20&offset={offset}", ACCOUNT, offset)
                    .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
            for (JsonNode session : page.get("objects")) {
                for (String field : List.of("first_party", "second_party")) {
                    String digits = session.path(field).asString("");
                    if (!digits.isEmpty()) {
                        parties.add("+" + digits);
                    }
                }
            }
            if (page.get("objects").size() < 20) {
                return parties;
            }
        }
    }

    /** Where a text holds one of the numbers in clear, with or without the '+'. */
    private static List<String> findings(Set<String> numbers, String where, String text) {
        List<String> found = new ArrayList<>();
        for (String number : numbers) {
            if (text.contains(number.substring(1))) {
                int at = text.indexOf(number.substring(1));
                found.add(where + ": " + number + " in \"…" + text.substring(Math.max(0, at - 80),
                        Math.min(text.length(), at + 40)).replace('\n', ' ') + "…\"");
            }
        }
        return found;
    }

    /** Every record of every topic (internal ones too), as "topic-partition@offset\nkey headers value". */
    private static void scanKafka(Consumer<String> scan) {
        String servers = VeilInfrastructure.get().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000))) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder(record.topic()).append('-').append(record.partition())
                            .append('@').append(record.offset()).append('\n').append(string(record.key()));
                    for (Header header : record.headers()) {
                        text.append(' ').append(header.key()).append('=').append(string(header.value()));
                    }
                    scan.accept(text.append(' ').append(string(record.value())).toString());
                    records++;
                }
            }
            assertThat(topics).contains("veil.session.v2", "veil.call.v1", "veil.billing.v1", "veil.recording.v1");
            assertThat(records).as("records scanned").isPositive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of every table of every schema, as "schema.table\nrow as text". */
    private static void scanTables(Consumer<String> scan) throws SQLException {
        VeilInfrastructure infra = VeilInfrastructure.get();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password());
             Statement tables = db.createStatement();
             ResultSet names = tables.executeQuery("""
                     SELECT table_schema, table_name FROM information_schema.tables
                     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""")) {
            Set<String> schemas = new HashSet<>();
            while (names.next()) {
                String table = '"' + names.getString(1) + "\".\"" + names.getString(2) + '"';
                schemas.add(names.getString(1));
                try (Statement rows = db.createStatement();
                     ResultSet row = rows.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (row.next()) {
                        scan.accept(table + "\n" + row.getString(1));
                    }
                }
            }
            assertThat(schemas).contains("session", "allocation", "router", "recording", "billing");
        }
    }

    private static String string(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
