package dev.veil.events;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document (veil/events/asyncapi.yaml) describes exactly what the code publishes: a channel per
 * topic of {@link Topics}, a message per {@link EventType} on its topic with its JSON Schema as payload, its wire
 * name and schema version in the headers, the envelope headers of {@link EventHeaders}, and an operation sending
 * every message of a channel. Adding an event type, a topic, a header or a schema without describing it fails here.
 */
class AsyncApiDocumentTests {

    private static final String DOCUMENT = "veil/events/asyncapi.yaml";

    private static Map<String, Object> document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = AsyncApiDocumentTests.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT).isNotNull();
            document = new Yaml().load(in);
        }
    }

    @Test
    void isAnAsyncApi3DocumentOverKafka() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(map(map(document, "servers"), "kafka")).containsEntry("protocol", "kafka");
    }

    @Test
    void everyTopicHasAChannelAndEveryChannelIsATopic() throws IllegalAccessException {
        Set<String> addresses = map(document, "channels").values().stream()
                .map(c -> (String) ((Map<?, ?>) c).get("address")).collect(Collectors.toSet());

        assertThat(addresses).isEqualTo(declared(Topics.class));
        map(document, "channels").values().forEach(c -> {
            Map<String, Object> channel = asMap(c);
            assertThat(map(map(channel, "bindings"), "kafka")).containsEntry("topic", channel.get("address"));
        });
    }

    @Test
    void theSessionTopicIsCompacted() {
        Map<String, Object> session = channelOf(Topics.SESSION);

        Object policy = map(map(map(session, "bindings"), "kafka"), "topicConfiguration").get("cleanup.policy");
        assertThat(policy).isEqualTo(List.of("compact"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeIsAMessageOnItsTopicWithItsSchemaAndHeaders(EventType type) {
        Map<String, Object> message = map(map(map(document, "components"), "messages"), type.wireName());

        assertThat(message.get("name")).isEqualTo(type.wireName());
        assertThat(message.get("contentType")).isEqualTo("application/json");
        String payload = (String) map(message, "payload").get("$ref");
        assertThat("veil/events/" + payload).isEqualTo(type.schemaResource());
        assertThat(getClass().getClassLoader().getResource(type.schemaResource())).as(payload).isNotNull();
        List<?> headers = (List<?>) map(message, "headers").get("allOf");
        assertThat(asMap(headers.get(0))).containsEntry("$ref", "#/components/schemas/EnvelopeHeaders");
        Map<String, Object> own = map(asMap(headers.get(1)), "properties");
        assertThat(map(own, EventHeaders.TYPE)).containsEntry("const", type.wireName());
        assertThat(map(own, EventHeaders.SCHEMA_VERSION)).containsEntry("const",
                String.valueOf(type.schemaVersion()));

        assertThat(map(map(channelOf(type.topic()), "messages"), type.wireName()))
                .containsEntry("$ref", "#/components/messages/" + type.wireName());
    }

    @Test
    void everyMessageIsAnEventTypeAndEverySchemaIsAPayload() throws IOException, URISyntaxException {
        Set<String> wireNames = Arrays.stream(EventType.values()).map(EventType::wireName)
                .collect(Collectors.toSet());
        Map<String, Object> messages = map(map(document, "components"), "messages");
        assertThat(messages.keySet()).isEqualTo(wireNames);

        Set<String> payloads = messages.values().stream()
                .map(m -> "veil/events/" + map(asMap(m), "payload").get("$ref")).collect(Collectors.toSet());
        Path schemas = Path.of(Objects.requireNonNull(getClass().getClassLoader()
                .getResource("veil/events/schemas")).toURI());
        try (Stream<Path> files = Files.list(schemas)) {
            assertThat(files.map(f -> "veil/events/schemas/" + f.getFileName()).collect(Collectors.toSet()))
                    .isEqualTo(payloads);
        }
    }

    @Test
    void theEnvelopeHeadersAreThoseOfEventHeaders() throws IllegalAccessException {
        Map<String, Object> envelope = map(map(map(document, "components"), "schemas"), "EnvelopeHeaders");
        Set<String> headers = declared(EventHeaders.class).stream().filter(h -> !h.equals(
                EventHeaders.SPEC_VERSION_VALUE)).collect(Collectors.toSet());

        assertThat(map(envelope, "properties").keySet()).isEqualTo(headers);
        assertThat(map(map(envelope, "properties"), EventHeaders.SPEC_VERSION))
                .containsEntry("const", EventHeaders.SPEC_VERSION_VALUE);
    }

    @Test
    void everyMessageIsSentByOneOperationOnItsChannel() {
        Map<String, Object> channels = map(document, "channels");
        Map<String, Long> sends = map(document, "operations").values().stream().map(AsyncApiDocumentTests::asMap)
                .filter(o -> "send".equals(o.get("action")))
                .flatMap(o -> ((List<?>) o.get("messages")).stream()
                        .map(m -> (String) asMap(m).get("$ref")))
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));

        for (EventType type : EventType.values()) {
            String channel = channels.entrySet().stream()
                    .filter(c -> type.topic().equals(asMap(c.getValue()).get("address")))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            assertThat(sends).as(type.wireName())
                    .containsEntry("#/channels/" + channel + "/messages/" + type.wireName(), 1L);
        }
        map(document, "operations").values().stream().map(AsyncApiDocumentTests::asMap).forEach(o -> {
            String channel = ((String) map(o, "channel").get("$ref")).substring("#/channels/".length());
            ((List<?>) o.get("messages")).forEach(m -> assertThat((String) asMap(m).get("$ref"))
                    .startsWith("#/channels/" + channel + "/messages/")
                    .satisfies(ref -> assertThat(map(asMap(channels.get(channel)), "messages"))
                            .containsKey(ref.substring(ref.lastIndexOf('/') + 1))));
        });
    }

    private static Map<String, Object> channelOf(String topic) {
        return map(document, "channels").values().stream().map(AsyncApiDocumentTests::asMap)
                .filter(c -> topic.equals(c.get("address"))).findFirst().orElseThrow();
    }

    /** The values of a class's public static String constants. */
    private static Set<String> declared(Class<?> constants) throws IllegalAccessException {
        Set<String> values = new HashSet<>();
        for (Field f : constants.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).as("document").containsKey(key);
        return asMap(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
