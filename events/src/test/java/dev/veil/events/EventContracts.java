package dev.veil.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The published contracts of each event type as tests see them: its schema, its golden sample, and the codec. */
final class EventContracts {

    /**
     * Configured like platform's {@code EventCodec}, which this module must not depend on: reading tolerates the
     * unknown fields and enum values that additive schema evolution brings.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    // In draft 2020-12 "format" only annotates by default; asserting it makes date-time and uuid part of the contract.
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private static final Map<EventType, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private EventContracts() {
    }

    static boolean exists(String resource) {
        return classLoader().getResource(resource) != null;
    }

    static String read(String resource) {
        try (InputStream in = classLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden sample as a fresh, mutable tree. */
    static ObjectNode sample(EventType type) {
        return (ObjectNode) MAPPER.readTree(read(type.sampleResource()));
    }

    /** The JSON Schema as a plain tree, to inspect what it declares. */
    static ObjectNode schemaTree(EventType type) {
        return (ObjectNode) MAPPER.readTree(read(type.schemaResource()));
    }

    /** Puts a property into every object nested in {@code node}, through objects and arrays, at any depth. */
    static void putInEveryNestedObject(JsonNode node, String property) {
        for (JsonNode child : node.values()) {
            if (child.isObject()) {
                ((ObjectNode) child).put(property, true);
            }
            putInEveryNestedObject(child, property);
        }
    }

    static Set<ValidationMessage> validate(EventType type, JsonNode payload) {
        return validate(type, MAPPER.writeValueAsString(payload));
    }

    static Set<ValidationMessage> validate(EventType type, String payload) {
        return schema(type).validate(payload, InputFormat.JSON);
    }

    /** The draft 2020-12 meta-schema (bundled with the validator, so no network). */
    static JsonSchema metaSchema() {
        return SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    }

    private static JsonSchema schema(EventType type) {
        return LOADED.computeIfAbsent(type,
                t -> SCHEMAS.getSchema(SchemaLocation.of("classpath:" + t.schemaResource()), CONFIG));
    }

    private static ClassLoader classLoader() {
        return EventContracts.class.getClassLoader();
    }
}
