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
        EventContracts.putInEveryNestedObject(sample, "alsoNested");
        sample.putObject("nestedAddition").put("depth", 1);

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
    void unknownLegStateReadsAsUnknown() {
        ObjectNode sample = EventContracts.sample(EventType.CALL_LEG_CHANGED);
        sample.put("state", "transferred");

        CallLegChanged changed = MAPPER.treeToValue(sample, CallLegChanged.class);

        assertThat(changed.state()).isEqualTo(LegState.UNKNOWN);
        assertThat(changed.hangupCause()).isEqualTo("NORMAL_CLEARING");
    }

    /** The outcome's wire names are Plivo's PinAuthenticationStatus values, including its odd AuthorizedCaller. */
    @Test
    void pinOutcomesUsePlivosNamesAndAnUnknownOneReadsAsUnknown() {
        ObjectNode sample = EventContracts.sample(EventType.PIN_AUTHENTICATED);
        assertThat(MAPPER.treeToValue(sample, PinAuthenticated.class).outcome())
                .isEqualTo(PinOutcome.AUTHORIZED_CALLER);
        assertThat(MAPPER.valueToTree(PinOutcome.SUCCESS).asString()).isEqualTo("success");
        assertThat(MAPPER.valueToTree(PinOutcome.FAILED).asString()).isEqualTo("failed");

        sample.put("outcome", "timeout");

        assertThat(MAPPER.treeToValue(sample, PinAuthenticated.class).outcome()).isEqualTo(PinOutcome.UNKNOWN);
    }

    /** A session record written before routing options existed is still on the compacted topic; it reads as NONE. */
    @Test
    void sessionStateWithoutOptionsReadsAsNoOptions() {
        ObjectNode sample = EventContracts.sample(EventType.SESSION_CREATED);
        ((ObjectNode) sample.get("session")).remove("options");

        SessionCreated created = MAPPER.treeToValue(sample, SessionCreated.class);

        assertThat(created.session().options()).isEqualTo(RoutingOptions.NONE);
        assertThat(created.session().firstParty().country()).isEqualTo("US");
    }

    @Test
    void nullOptionsBuiltInCodeMeanNoOptions() {
        SessionState state = TestEvents.session("active");
        SessionState withNull = new SessionState(state.accountId(), state.firstParty(), state.secondParty(),
                state.virtualNumber(), state.status(), state.callTimeLimit(), state.ringTimeout(),
                state.createdTime(), state.expiryTime(), state.record(), state.recordFileFormat(), null);

        assertThat(withNull.options()).isSameAs(RoutingOptions.NONE);
        assertThat(withNull).isEqualTo(state);
    }

    @Test
    void amountKeepsItsScaleAcrossTheWire() {
        CallBilled billed = MAPPER.treeToValue(EventContracts.sample(EventType.CALL_BILLED), CallBilled.class);
        SessionCharged charged =
                MAPPER.treeToValue(EventContracts.sample(EventType.SESSION_CHARGED), SessionCharged.class);

        assertThat(billed.amount()).hasToString("0.0300");
        assertThat(MAPPER.valueToTree(billed).get("amount").isString()).isTrue();
        assertThat(charged.amount()).hasToString("0.0050");
        assertThat(MAPPER.valueToTree(charged).get("amount").isString()).isTrue();
    }
}
