package dev.veil.router;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.InteractionStarted;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bridged call from answer to hangup: dial reports recorded, then one CallEnded with every leg. */
class CallLifecycleTests extends RouterIntegrationTest {

    @Test
    void completedCallEndsOnceWithBothLegsDurationsAndCountries() {
        TestSession session = created(SessionMother.live(TestNumbers.us(), TestNumbers.gb()));
        String a = callUuid();
        String b = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(a, session, true))))
                .isEqualTo(dialTo(session, session.second()));
        post("/carrier/plivo/dial-events", dialEvent("answer", a, b, session)).expectStatus().isOk();
        Map<String, String> dialHangup = dialEvent("hangup", a, b, session);
        dialHangup.put("DialBLegHangupCause", "NORMAL_CLEARING");
        dialHangup.put("DialBLegDuration", "65");
        dialHangup.put("DialBLegBillDuration", "65");
        post("/carrier/plivo/dial-events", dialHangup).expectStatus().isOk();
        assertThat(xml(post("/carrier/plivo/dial-status", Map.of("DialStatus", "completed", "DialALegUUID", a,
                "DialBLegUUID", b, "DialHangupCause", "NORMAL_CLEARING", "DialRingStatus", "true"))))
                .isEqualTo("<Response/>");
        Map<String, String> hangup = hangup(a, session, "70", "70");
        post("/carrier/plivo/hangup", hangup).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup).expectStatus().isOk();

        assertThat(loggedKinds(a)).containsExactly("answer", "dial_answer", "dial_hangup", "dial_status", "hangup");
        awaitCallEvents(session.uuid(), CallEnded.class, 1);
        awaitOutboxPublished();
        var ended = Kafka.callEvents(session.uuid()).stream().filter(CallEnded.class::isInstance)
                .map(CallEnded.class::cast).toList();
        assertThat(ended).hasSize(1);
        CallEnded call = ended.getFirst();
        assertThat(call.sessionUuid()).isEqualTo(session.uuid());
        assertThat(call.accountId()).isEqualTo(SessionMother.ACCOUNT);
        assertThat(call.callUuid()).isEqualTo(a);
        assertThat(call.startTime()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(call.endTime()).isEqualTo(Instant.parse("2026-03-01T10:01:10Z"));
        assertThat(call.legs()).containsExactly(
                new CallLeg(a, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", 70, 70, "NORMAL_CLEARING"),
                new CallLeg(b, LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB", 65, 65, "NORMAL_CLEARING"));
    }

    @Test
    void unansweredDialEndsWithAZeroDurationOutboundLeg() {
        TestSession session = created(SessionMother.live());
        String a = callUuid();

        post("/carrier/plivo/answer", answer(a, session, false)).expectStatus().isOk();
        post("/carrier/plivo/dial-status", Map.of("DialStatus", "no-answer", "DialALegUUID", a,
                "DialBLegUUID", "", "DialHangupCause", "NO_ANSWER", "DialRingStatus", "true"))
                .expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(a, session, "45", "0")).expectStatus().isOk();

        CallEnded ended = awaitCallEvents(session.uuid(), CallEnded.class, 1).getFirst();
        assertThat(ended.legs()).containsExactly(
                new CallLeg(a, LegDirection.INBOUND, PartyRole.SECOND_PARTY, "US", 45, 0, "NORMAL_CLEARING"),
                new CallLeg(a + "-outbound", LegDirection.OUTBOUND, PartyRole.FIRST_PARTY, "US", 0, 0,
                        "NO_ANSWER"));
    }

    @Test
    void hangupOfABridgedCallWhoseAnswerWasNeverWrittenRebuildsItAndStillEndsTheCall() {
        TestSession session = created(SessionMother.live(TestNumbers.us(), TestNumbers.gb()));
        String a = callUuid();
        String b = callUuid();

        // The router answered this call from memory and died before writing the answer behind: the carrier's later
        // webhooks reach a router that never heard of the call.
        post("/carrier/plivo/dial-events", dialEvent("answer", a, b, session)).expectStatus().isOk();
        Map<String, String> dialHangup = dialEvent("hangup", a, b, session);
        dialHangup.put("DialBLegHangupCause", "NORMAL_CLEARING");
        dialHangup.put("DialBLegDuration", "65");
        dialHangup.put("DialBLegBillDuration", "65");
        post("/carrier/plivo/dial-events", dialHangup).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(a, session, "70", "70")).expectStatus().isOk();

        assertThat(loggedKinds(a)).containsExactly("answer", "dial_answer", "dial_hangup", "hangup");
        CallEnded ended = awaitCallEvents(session.uuid(), CallEnded.class, 1).getFirst();
        assertThat(ended.startTime()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(ended.legs()).containsExactly(
                new CallLeg(a, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", 70, 70, "NORMAL_CLEARING"),
                new CallLeg(b, LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB", 65, 65, "NORMAL_CLEARING"));
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 1)).singleElement()
                .satisfies(started -> assertThat(started.startTime()).isEqualTo(ended.startTime()));
    }

    @Test
    void hangupOfACallThatWasNeverRoutedPublishesNothing() {
        TestSession stranger = SessionMother.live();
        String a = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(a, stranger, true)))).isEqualTo(REJECTED);
        assertThat(xml(post("/carrier/plivo/hangup", hangup(a, stranger, "2", "0")))).isEqualTo("<Response/>");

        assertThat(loggedKinds(a)).containsExactly("hangup");
        awaitOutboxPublished();
        assertThat(Kafka.allCallEvents()).noneMatch(e -> e instanceof CallEnded ended && ended.callUuid().equals(a));
    }

    @Test
    void dialEventsVeilDoesNotTrackAreAcknowledgedWithoutARecord() {
        String a = callUuid();

        post("/carrier/plivo/dial-events", Map.of("DialAction", "digits", "DialALegUUID", a,
                "DialDigitsMatch", "1")).expectStatus().isOk();

        assertThat(loggedKinds(a)).isEmpty();
    }

    private static Map<String, String> dialEvent(String action, String a, String b, TestSession session) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("DialAction", action);
        params.put("DialALegUUID", a);
        params.put("DialBLegUUID", b);
        params.put("DialBLegStatus", action);
        params.put("DialBLegFrom", session.virtualNumber().digits());
        params.put("DialBLegTo", session.second().digits());
        return params;
    }

    private static Map<String, String> hangup(String a, TestSession session, String duration, String bill) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", a);
        params.put("From", session.first().digits());
        params.put("To", session.virtualNumber().digits());
        params.put("Direction", "inbound");
        params.put("CallStatus", "completed");
        params.put("HangupCause", "NORMAL_CLEARING");
        params.put("Duration", duration);
        params.put("BillDuration", bill);
        params.put("StartTime", "2026-03-01 10:00:00");
        params.put("AnswerTime", "2026-03-01 10:00:00");
        params.put("EndTime", "2026-03-01 10:01:10");
        return params;
    }
}
