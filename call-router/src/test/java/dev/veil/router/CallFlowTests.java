package dev.veil.router;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLegChanged;
import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.RoutingOptions;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows of a masked call beyond the plain bridge: sounds and recording, one live call per session, leg events,
 * unknown callers and single-party sessions (PLIVO_API.md §4.4, §4.5).
 */
class CallFlowTests extends RouterIntegrationTest {

    static final String FIRST_SOUND = "https://cdn.example.test/first.mp3";
    static final String SECOND_SOUND = "https://cdn.example.test/second.mp3";
    static final String UNKNOWN = "https://cdn.example.test/unknown-caller.mp3";

    @Test
    void recordedSessionWithSoundsPlaysToTheCallerRecordsFromAnswerAndPlaysToTheCallee() {
        TestSession session = created(SessionMother.live().recorded()
                .with(new RoutingOptions(false, FIRST_SOUND, SECOND_SOUND, false, null, 0, null)));

        String xml = xml(post("/carrier/plivo/answer", answer(callUuid(), session, false)));

        // The second party calls: it hears its own sound, the first party hears the first party's on answer. Both
        // Record callbacks go to recording-service's URL, naming the session and account.
        String recordingUrl = BASE_URL + "/carrier/plivo/recording?session_uuid=" + session.uuid() + "&amp;account_id="
                + session.state().accountId();
        assertThat(xml).isEqualTo("<Response><Play>" + SECOND_SOUND + "</Play>"
                + "<Record action=\"" + recordingUrl + "\" method=\"POST\""
                + " startOnDialAnswer=\"true\" recordSession=\"true\" fileFormat=\"wav\" redirect=\"false\""
                + " callbackUrl=\"" + recordingUrl + "\" callbackMethod=\"POST\"/>"
                + "<Dial callerId=\"" + session.virtualNumber().digits() + "\" timeLimit=\""
                + SessionMother.CALL_TIME_LIMIT + "\" timeout=\"" + SessionMother.RING_TIMEOUT + "\" action=\""
                + BASE_URL + "/carrier/plivo/dial-status\" method=\"POST\" callbackUrl=\"" + BASE_URL
                + "/carrier/plivo/dial-events\" callbackMethod=\"POST\" confirmSound=\"" + BASE_URL
                + "/carrier/plivo/callee-sound?play=https%3A%2F%2Fcdn.example.test%2Ffirst.mp3\"><Number>"
                + session.first().digits() + "</Number></Dial></Response>");
        assertThat(xml(post("/carrier/plivo/callee-sound?play=https%3A%2F%2Fcdn.example.test%2Ffirst.mp3",
                Map.of("CallUUID", callUuid()))))
                .isEqualTo("<Response><Play>" + FIRST_SOUND + "</Play></Response>");
        // The router no longer takes the Record callbacks: the gateway sends them to recording-service.
        post("/carrier/plivo/recording?session_uuid=" + session.uuid(), Map.of("CallUUID", callUuid()))
                .expectStatus().isNotFound();
    }

    @Test
    void secondCallWhileOneIsLiveIsRefusedAsBusyUntilTheFirstHangsUp() {
        TestSession session = created(SessionMother.live());
        String first = callUuid();
        String second = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(first, session, true))))
                .isEqualTo(dialTo(session, session.second()));
        assertThat(xml(post("/carrier/plivo/answer", answer(second, session, false))))
                .isEqualTo("<Response><Hangup reason=\"busy\"/></Response>");
        assertThat(xml(post("/carrier/plivo/answer", answer(second, session, false))))
                .as("a retry of the refused call is refused the same way")
                .isEqualTo("<Response><Hangup reason=\"busy\"/></Response>");
        post("/carrier/plivo/hangup", hangup(second, session)).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(first, session)).expectStatus().isOk();

        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), session, false))))
                .isEqualTo(dialTo(session, session.first()));
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(CallEnded.class::isInstance).hasSize(1);
        assertThat(counter("veil.calls.routed", "outcome", "busy")).isPositive();
    }

    @Test
    void everyLegChangeOfACompletedCallIsAnEventInOrder() {
        TestSession session = created(SessionMother.live());
        String a = callUuid();
        String b = callUuid();

        post("/carrier/plivo/answer", answer(a, session, true)).expectStatus().isOk();
        post("/carrier/plivo/dial-events", dialEvent("answer", a, b, "")).expectStatus().isOk();
        post("/carrier/plivo/dial-events", dialEvent("hangup", a, b, "NORMAL_CLEARING")).expectStatus().isOk();
        post("/carrier/plivo/dial-events", dialEvent("hangup", a, b, "NORMAL_CLEARING")).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(a, session)).expectStatus().isOk();

        awaitCallEvents(session.uuid(), CallEnded.class, 1);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).extracting(e -> switch (e) {
            case CallLegChanged leg -> leg.party() + " " + leg.direction() + " " + leg.state() + " "
                    + (leg.legUuid().equals(a) ? "A" : leg.legUuid().equals(b) ? "B" : leg.legUuid()) + " "
                    + leg.hangupCause();
            default -> e.eventType().wireName();
        }).containsExactly(
                "InteractionStarted",
                "FIRST_PARTY INBOUND ANSWERED A null",
                "SECOND_PARTY OUTBOUND RINGING " + a + "-outbound null",
                "SECOND_PARTY OUTBOUND ANSWERED B null",
                "SECOND_PARTY OUTBOUND HUNG_UP B NORMAL_CLEARING",
                "FIRST_PARTY INBOUND HUNG_UP A NORMAL_CLEARING",
                "CallEnded");
    }

    @Test
    void unknownCallerHearsTheUnknownCallerSoundAndIsHungUpOn() {
        TestSession session = created(SessionMother.live()
                .with(new RoutingOptions(false, null, null, false, UNKNOWN, 0, null)));
        String call = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(call, TestNumbers.us(), session.virtualNumber()))))
                .isEqualTo("<Response><Play>" + UNKNOWN + "</Play><Hangup/></Response>");
        assertThat(loggedKinds(call)).isEmpty();
    }

    @Test
    void singlePartySessionConnectsAnyCallerToItsPartyAndThePartyBackToTheLastCaller() {
        PhoneNumber customer = TestNumbers.us();
        TestSession session = indexed(new TestSession(java.util.UUID.randomUUID().toString(), TestNumbers.us(),
                customer, null, "active", SessionMother.live().createdTime(), SessionMother.live().expiryTime(),
                false, new RoutingOptions(false, null, null, true, null, 0, null)));
        PhoneNumber agent = TestNumbers.us();

        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), customer, session.virtualNumber()))))
                .as("nobody called the customer yet").isEqualTo(REJECTED);
        String agentCall = callUuid();
        assertThat(xml(post("/carrier/plivo/answer", answer(agentCall, agent, session.virtualNumber()))))
                .isEqualTo(dialTo(session, customer));
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst().caller())
                .isEqualTo(PartyRole.SECOND_PARTY);
        post("/carrier/plivo/hangup", hangup(agentCall, session)).expectStatus().isOk();

        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), customer, session.virtualNumber()))))
                .isEqualTo(dialTo(session, agent));
        String stored = db.sql("SELECT caller FROM last_caller WHERE session_uuid = :s").bind("s", session.uuid())
                .map(row -> row.get(0, String.class)).one().block();
        assertThat(stored).as("stored sealed").doesNotContain(agent.digits());
        assertThat(TestKeys.KEYS.data().decrypt(stored, "last_caller.caller")).isEqualTo(agent.e164());
    }

    static Map<String, String> dialEvent(String action, String a, String b, String cause) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("DialAction", action);
        params.put("DialALegUUID", a);
        params.put("DialBLegUUID", b);
        params.put("DialBLegStatus", action);
        if (!cause.isEmpty()) {
            params.put("DialBLegHangupCause", cause);
            params.put("DialBLegDuration", "30");
            params.put("DialBLegBillDuration", "30");
        }
        return params;
    }

    static Map<String, String> hangup(String a, TestSession session) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", a);
        params.put("To", session.virtualNumber().digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "completed");
        params.put("HangupCause", "NORMAL_CLEARING");
        params.put("Duration", "31");
        params.put("BillDuration", "31");
        return params;
    }
}
