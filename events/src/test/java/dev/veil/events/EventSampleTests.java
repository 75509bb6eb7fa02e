package dev.veil.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.veil.events.EventContracts.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden samples against the records, through a mapper configured like platform's EventCodec: a sample and its
 * record must describe the same payload, and reading must tolerate what additive evolution adds.
 */
class EventSampleTests {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleReadsIntoItsRecordAndWritesBackUnchanged(EventType type) {
        JsonNode sample = EventContracts.sample(type);

        VeilEvent event = MAPPER.treeToValue(sample, type.recordClass());

        assertThat(event.eventType()).isEqualTo(type);
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(event))).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordBuiltInCodeSurvivesTheWire(EventType type) {
        VeilEvent event = TestEvents.of(type);

        assertThat(MAPPER.readValue(MAPPER.writeValueAsBytes(event), type.recordClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownPropertiesAreIgnored(EventType type) {
        ObjectNode sample = EventContracts.sample(type);
        VeilEvent expected = MAPPER.treeToValue(sample, type.recordClass());
        sample.put("addedByANewerProducer", "ignored");
        sample.putObject("nestedAddition").put("depth", 1);
        sample.properties().stream()
                .filter(p -> p.getValue().isObject())
                .forEach(p -> ((ObjectNode) p.getValue()).put("alsoNested", true));

        assertThat(MAPPER.treeToValue(sample, type.recordClass())).isEqualTo(expected);
    }

    @Test
    void unknownPartyRoleReadsAsUnknown() {
        ObjectNode sample = EventContracts.sample(EventType.INTERACTION_STARTED);
        sample.put("caller", "conference_bridge");

        InteractionStarted started = MAPPER.treeToValue(sample, InteractionStarted.class);

        assertThat(started.caller()).isEqualTo(PartyRole.UNKNOWN);
        assertThat(started.callUuid()).isEqualTo(sample.get("callUuid").asString());
    }

    @Test
    void unknownLegDirectionAndPartyReadAsUnknown() {
        ObjectNode sample = EventContracts.sample(EventType.CALL_ENDED);
        ObjectNode outbound = (ObjectNode) sample.get("legs").get(1);
        outbound.put("direction", "transferred");
        outbound.put("party", "third_party");

        CallEnded ended = MAPPER.treeToValue(sample, CallEnded.class);

        assertThat(ended.legs()).extracting(CallLeg::direction)
                .containsExactly(LegDirection.INBOUND, LegDirection.UNKNOWN);
        assertThat(ended.legs()).extracting(CallLeg::party)
                .containsExactly(PartyRole.FIRST_PARTY, PartyRole.UNKNOWN);
    }

    @Test
    void amountKeepsItsScaleAcrossTheWire() {
        CallBilled billed = MAPPER.treeToValue(EventContracts.sample(EventType.CALL_BILLED), CallBilled.class);

        assertThat(billed.amount()).hasToString("0.0300");
        assertThat(MAPPER.valueToTree(billed).get("amount").isString()).isTrue();
    }
}
