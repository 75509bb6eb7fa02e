package dev.veil.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.veil.events.EventContracts.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

/** Each event type's JSON Schema: present, well-formed, in step with its record, and strict where it matters. */
class EventSchemaTests {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasASchemaAndASampleOnTheClasspath(EventType type) {
        assertThat(EventContracts.exists(type.schemaResource())).as(type.schemaResource()).isTrue();
        assertThat(EventContracts.exists(type.sampleResource())).as(type.sampleResource()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsAWellFormedDraft202012SchemaNamedAfterItsType(EventType type) {
        String schema = EventContracts.read(type.schemaResource());
        assertThat(EventContracts.metaSchema().validate(schema, InputFormat.JSON)).isEmpty();

        ObjectNode tree = EventContracts.schemaTree(type);
        assertThat(tree.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(tree.get("$id").asString())
                .isEqualTo("https://veil.dev/events/" + type.wireName() + ".schema.json");
        assertThat(tree.get("title").asString()).isEqualTo(type.wireName());
        assertThat(tree.get("description").asString()).contains("Published by", type.topic());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleValidatesAgainstItsSchema(EventType type) {
        assertThat(EventContracts.validate(type, EventContracts.read(type.sampleResource()))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordBuiltInCodeSerializesToAValidPayload(EventType type) {
        assertThat(EventContracts.validate(type, MAPPER.writeValueAsString(TestEvents.of(type)))).isEmpty();
    }

    /** Removing any property of a sample, at any depth, must fail: every field is required. */
    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyPropertyOfEverySample")
    void sampleWithoutARequiredPropertyIsRejected(EventType type, JsonPointer property) {
        ObjectNode sample = EventContracts.sample(type);
        ((ObjectNode) sample.at(property.head())).remove(property.last().getMatchingProperty());

        assertThat(EventContracts.validate(type, sample))
                .extracting(ValidationMessage::getType)
                .contains("required");
    }

    /**
     * Setting any property of a sample, at any depth, to null is valid exactly where the record's Javadoc allows
     * null ({@link #NULLABLE}); everywhere else null is a type error.
     */
    @ParameterizedTest(name = "{0} with {1} = null")
    @MethodSource("everyPropertyOfEverySample")
    void nullIsValidExactlyWhereTheRecordAllowsIt(EventType type, JsonPointer property) {
        ObjectNode sample = EventContracts.sample(type);
        ((ObjectNode) sample.at(property.head())).putNull(property.last().getMatchingProperty());

        Set<ValidationMessage> messages = EventContracts.validate(type, sample);

        if (NULLABLE.contains(componentAt(type.recordClass(), property))) {
            assertThat(messages).isEmpty();
        } else {
            assertThat(messages).extracting(ValidationMessage::getType).contains("type");
        }
    }

    /** Each kind of constraint is live, not only declared: phone pattern, date-time and uuid formats, enums, types. */
    @ParameterizedTest(name = "{0} with {1} = {2}")
    @MethodSource("invalidValues")
    void sampleWithAnInvalidValueIsRejected(EventType type, String pointer, String invalidJson, String keyword) {
        ObjectNode sample = EventContracts.sample(type);
        sample.put(JsonPointer.compile(pointer), MAPPER.readTree(invalidJson));

        assertThat(EventContracts.validate(type, sample))
                .extracting(ValidationMessage::getType)
                .containsExactly(keyword);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void propertiesANewerProducerAddsAreAllowed(EventType type) {
        ObjectNode sample = EventContracts.sample(type);
        EventContracts.putInEveryNestedObject(sample, "alsoNested");
        sample.put("addedByANewerProducer", "tolerated");

        assertThat(EventContracts.validate(type, sample)).isEmpty();
    }

    /** {@code BigDecimal#toString} switches to exponent form for tiny and large scales; the schema must take both. */
    @Test
    void amountsInExponentFormAreValid() {
        for (String amount : List.of("0.00000010", "1E+3", "0", "12.5000")) {
            CallBilled billed = new CallBilled(TestEvents.SESSION_UUID, TestEvents.ACCOUNT_ID,
                    TestEvents.INBOUND_CALL_UUID, new BigDecimal(amount), "USD", 60, 1);

            SessionCharged charged = new SessionCharged(TestEvents.SESSION_UUID, TestEvents.ACCOUNT_ID,
                    new BigDecimal(amount), "USD");

            assertThat(EventContracts.validate(EventType.CALL_BILLED, MAPPER.writeValueAsString(billed)))
                    .as(amount).isEmpty();
            assertThat(EventContracts.validate(EventType.SESSION_CHARGED, MAPPER.writeValueAsString(charged)))
                    .as(amount).isEmpty();
        }
    }

    @Test
    void instantsWithNanosecondsAreValid() {
        SessionCreated created = new SessionCreated(TestEvents.SESSION_UUID, TestEvents.session("active"),
                Instant.parse("2026-03-05T09:30:00.123456789Z"));

        assertThat(EventContracts.validate(EventType.SESSION_CREATED, MAPPER.writeValueAsString(created))).isEmpty();
    }

    /**
     * SessionState (with RoutingOptions and PinAuthentication) is declared in each schema whose record carries it, so
     * that each schema stands alone; the copies must not drift.
     */
    @Test
    void sessionStateIsDeclaredIdenticallyInEverySchemaCarryingIt() {
        List<EventType> carrying = Arrays.stream(EventType.values())
                .filter(type -> Arrays.stream(type.recordClass().getRecordComponents())
                        .anyMatch(component -> component.getType() == SessionState.class))
                .toList();
        JsonNode defs = EventContracts.schemaTree(carrying.getFirst()).get("$defs");

        assertThat(carrying).containsExactlyInAnyOrder(
                EventType.SESSION_CREATED, EventType.SESSION_UPDATED, EventType.SESSION_EXPIRED);
        assertThat(defs.propertyNames())
                .containsExactlyInAnyOrder("SessionState", "RoutingOptions", "PinAuthentication", "PartyNumber");
        for (EventType type : carrying) {
            assertThat(EventContracts.schemaTree(type).get("$defs")).as(type.wireName()).isEqualTo(defs);
        }
    }

    /**
     * Walks the record and its schema together: every record component is a declared and required property of the
     * JSON type Jackson writes it as, down through nested records and lists, and every enum lists exactly the names
     * Jackson writes; a component also admits null exactly when it is listed in {@link #NULLABLE}. So a field added
     * to a record without its schema, an enum constant added without the schema's enum, or a nullable field
     * declared non-null (or the reverse), fails here.
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesEveryComponentOfItsRecord(EventType type) {
        ObjectNode schema = EventContracts.schemaTree(type);
        assertDescribesRecord(schema, schema, type.recordClass(), type.wireName());
    }

    private static void assertDescribesRecord(JsonNode root, JsonNode node, Class<?> recordClass, String path) {
        JsonNode declared = resolve(root, node);
        List<String> components = Arrays.stream(recordClass.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertThat(declared.get("type").asString()).as(path).isEqualTo("object");
        assertThat(declared.get("properties").propertyNames()).as(path + " properties")
                .containsExactlyInAnyOrderElementsOf(components);
        assertThat(declared.get("required").values()).extracting(JsonNode::asString).as(path + " required")
                .containsExactlyInAnyOrderElementsOf(components);
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String componentPath = path + "." + component.getName();
            JsonNode property = declared.get("properties").get(component.getName());
            assertThat(isNullable(root, property)).as(componentPath + " admits null")
                    .isEqualTo(NULLABLE.contains(recordClass.getSimpleName() + "." + component.getName()));
            assertDescribesValue(root, withoutNull(root, property), component.getGenericType(), componentPath);
        }
    }

    /**
     * Null is declared as a second JSON type, for a {@code $ref} on the definition it points to (one used only where
     * null is allowed): an {@code anyOf} with a null branch would report a failure of both branches for every
     * invalid value.
     */
    private static boolean isNullable(JsonNode root, JsonNode property) {
        JsonNode type = resolve(root, property).get("type");
        return type.isArray() && type.values().stream().anyMatch(t -> t.asString().equals("null"));
    }

    /** The property's schema for its non-null values, in the single-type form the assertions below inspect. */
    private static JsonNode withoutNull(JsonNode root, JsonNode property) {
        JsonNode declared = resolve(root, property);
        if (!declared.get("type").isArray()) {
            return property;
        }
        List<JsonNode> types = declared.get("type").values().stream()
                .filter(t -> !t.asString().equals("null")).toList();
        assertThat(types).hasSize(1);
        return ((ObjectNode) declared.deepCopy()).put("type", types.getFirst().asString());
    }

    /** The record component a sample's property holds, as {@code Record.component}. */
    private static String componentAt(Class<?> recordClass, JsonPointer property) {
        Type owner = recordClass;
        String component = null;
        for (JsonPointer at = property; !at.matches(); at = at.tail()) {
            if (owner instanceof ParameterizedType list) {
                owner = list.getActualTypeArguments()[0];
                continue;
            }
            Class<?> record = (Class<?>) owner;
            String name = at.getMatchingProperty();
            RecordComponent matching = Arrays.stream(record.getRecordComponents())
                    .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
            component = record.getSimpleName() + "." + name;
            owner = matching.getGenericType();
        }
        return component;
    }

    private static void assertDescribesValue(JsonNode root, JsonNode node, Type javaType, String path) {
        JsonNode declared = resolve(root, node);
        if (javaType instanceof ParameterizedType list && list.getRawType() == List.class) {
            assertThat(declared.get("type").asString()).as(path).isEqualTo("array");
            assertDescribesValue(root, declared.get("items"), list.getActualTypeArguments()[0], path + "[]");
            return;
        }
        Class<?> type = (Class<?>) javaType;
        if (type.isRecord()) {
            assertDescribesRecord(root, declared, type, path);
        } else if (type.isEnum()) {
            assertThat(declared.get("type").asString()).as(path).isEqualTo("string");
            assertThat(declared.get("enum").values()).extracting(JsonNode::asString).as(path + " enum")
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(type.getEnumConstants())
                            .map(constant -> MAPPER.valueToTree(constant).asString()).toList());
        } else if (type == Instant.class) {
            assertThat(declared.get("type").asString()).as(path).isEqualTo("string");
            assertThat(declared.get("format").asString()).as(path).isEqualTo("date-time");
        } else {
            assertThat(declared.get("type").asString()).as(path).isEqualTo(JSON_TYPES.get(type));
        }
    }

    /** The record components whose Javadoc allows null; every other one is never null on the wire. */
    private static final Set<String> NULLABLE = Set.of(
            "CallerBlocked.callerCountry",
            "SessionState.firstParty",
            "SessionState.secondParty",
            "RoutingOptions.firstPartyPlayUrl",
            "RoutingOptions.secondPartyPlayUrl",
            "RoutingOptions.unknownCallerPlay",
            "RoutingOptions.pin",
            "PinAuthentication.incorrectPinPlay",
            "CallLegChanged.hangupCause",
            "RecordingFailed.recordingId");

    private static final Map<Class<?>, String> JSON_TYPES = Map.of(
            String.class, "string",
            int.class, "integer",
            long.class, "integer",
            boolean.class, "boolean",
            BigDecimal.class, "string");

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        assertThat(node).isNotNull();
        return node.has("$ref") ? root.at(node.get("$ref").asString().substring(1)) : node;
    }

    static Stream<Arguments> everyPropertyOfEverySample() {
        return Arrays.stream(EventType.values()).flatMap(type -> {
            List<JsonPointer> properties = new ArrayList<>();
            collectProperties(EventContracts.sample(type), JsonPointer.empty(), properties);
            return properties.stream().map(property -> Arguments.of(type, property));
        });
    }

    private static void collectProperties(JsonNode node, JsonPointer at, List<JsonPointer> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonPointer child = at.appendProperty(property.getKey());
                into.add(child);
                collectProperties(property.getValue(), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectProperties(node.get(i), at.appendIndex(i), into);
            }
        }
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(EventType.SESSION_CREATED, "/session/firstParty", "\"+14155550100\"", "type"),
                Arguments.of(EventType.SESSION_CREATED, "/session/firstParty/index", "\"+14155550100\"", "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/session/firstParty/country", "\"us\"", "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/session/secondParty/sealed", "\"+14155550101\"",
                        "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/session/virtualNumber", "\"(415) 555-0199\"", "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/sessionUuid", "\"session-1\"", "format"),
                Arguments.of(EventType.SESSION_CREATED, "/session/createdTime", "\"2026-03-02 14:05:51 +0000 UTC\"",
                        "format"),
                Arguments.of(EventType.SESSION_CREATED, "/session/expiryTime", "1772463951412", "type"),
                Arguments.of(EventType.SESSION_CREATED, "/session/status", "\"paused\"", "enum"),
                Arguments.of(EventType.SESSION_CREATED, "/session/record", "\"false\"", "type"),
                Arguments.of(EventType.SESSION_CREATED, "/session/recordFileFormat", "\"ogg\"", "enum"),
                Arguments.of(EventType.SESSION_EXPIRED, "/reason", "\"deleted\"", "enum"),
                Arguments.of(EventType.INTERACTION_STARTED, "/caller", "\"FIRST_PARTY\"", "enum"),
                Arguments.of(EventType.CALL_ENDED, "/legs", "[]", "minItems"),
                Arguments.of(EventType.CALL_ENDED, "/legs/1/direction", "\"OUTBOUND\"", "enum"),
                Arguments.of(EventType.CALL_ENDED, "/legs/0/country", "\"USA\"", "pattern"),
                Arguments.of(EventType.CALL_ENDED, "/legs/0/durationSeconds", "-1", "minimum"),
                Arguments.of(EventType.CALL_BILLED, "/amount", "0.03", "type"),
                Arguments.of(EventType.CALL_BILLED, "/amount", "\"0,03\"", "pattern"),
                Arguments.of(EventType.CALL_BILLED, "/currency", "\"usd\"", "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/virtualNumberCooloffPeriod", "3601",
                        "maximum"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/singleParty", "\"true\"", "type"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/firstPartyPlayUrl", "\"\"", "format"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/secondPartyPlayUrl", "\"connecting.mp3\"",
                        "format"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/pin/sealedFirstPartyPin", "\"4821\"",
                        "pattern"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/pin/sealedSecondPartyPin", "7305",
                        "type"),
                Arguments.of(EventType.CALLER_BLOCKED, "/callerIndex", "\"+14155550100\"", "pattern"),
                Arguments.of(EventType.CALLER_BLOCKED, "/failedPins", "0", "minimum"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/pin/retry", "6", "maximum"),
                Arguments.of(EventType.SESSION_CREATED, "/session/options/pin/retryWait", "4", "minimum"),
                Arguments.of(EventType.SESSION_UPDATED, "/session/secondParty", "\"\"", "type"),
                Arguments.of(EventType.SESSION_UPDATED, "/session/status", "\"updated\"", "enum"),
                Arguments.of(EventType.SESSION_EXPIRED, "/session/options/unknownCallerPlay", "false", "type"),
                Arguments.of(EventType.CALL_LEG_CHANGED, "/state", "\"HUNG_UP\"", "enum"),
                Arguments.of(EventType.CALL_LEG_CHANGED, "/legUuid", "\"\"", "minLength"),
                Arguments.of(EventType.CALL_LEG_CHANGED, "/hangupCause", "\"\"", "minLength"),
                Arguments.of(EventType.PIN_AUTHENTICATED, "/outcome", "\"authorized_caller\"", "enum"),
                Arguments.of(EventType.PIN_AUTHENTICATED, "/retryCount", "-1", "minimum"),
                Arguments.of(EventType.SESSION_CHARGED, "/amount", "0.005", "type"),
                Arguments.of(EventType.SESSION_CHARGED, "/currency", "\"US\"", "pattern"));
    }
}
