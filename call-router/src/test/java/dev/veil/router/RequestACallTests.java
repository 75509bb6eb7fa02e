package dev.veil.router;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.InteractionStarted;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.events.RoutingOptions;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Request-a-call: Veil calls the first party through the carrier's call API, then bridges the second. */
class RequestACallTests extends RouterIntegrationTest {

    @Test
    void newSessionAskingForACallGetsOneCallToItsFirstPartyBridgedToTheSecondOnAnswer() {
        TestSession session = created(SessionMother.live(TestNumbers.us(), TestNumbers.gb())
                .with(new RoutingOptions(true, null, null, false, null, 0, null)));

        FakeCarrierApi.Request request = await().atMost(Duration.ofSeconds(20))
                .until(() -> FakeCarrierApi.get().requestsMentioning(session.uuid()), r -> !r.isEmpty()).getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/Account/MAVEILCARRIER0000001/Call/");
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("MAVEILCARRIER0000001:veil-carrier-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body()).isEqualTo("{\"from\":\"" + session.virtualNumber().digits() + "\",\"to\":\""
                + session.first().digits() + "\",\"answer_url\":\"" + BASE_URL
                + "/carrier/plivo/outbound-answer?session=" + session.uuid() + "\",\"answer_method\":\"POST\","
                + "\"hangup_url\":\"" + BASE_URL + "/carrier/plivo/hangup\",\"hangup_method\":\"POST\"}");

        String call = callUuid();
        Map<String, String> answered = new LinkedHashMap<>();
        answered.put("CallUUID", call);
        answered.put("From", session.virtualNumber().digits());
        answered.put("To", session.first().digits());
        answered.put("Direction", "outbound");
        answered.put("CallStatus", "in-progress");
        assertThat(xml(post("/carrier/plivo/outbound-answer?session=" + session.uuid(), answered)))
                .isEqualTo(dialTo(session, session.second()));
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst().caller())
                .isEqualTo(PartyRole.FIRST_PARTY);

        Map<String, String> hangup = new LinkedHashMap<>(answered);
        hangup.put("CallStatus", "completed");
        hangup.put("HangupCause", "NORMAL_CLEARING");
        hangup.put("Duration", "12");
        hangup.put("BillDuration", "12");
        post("/carrier/plivo/hangup", hangup).expectStatus().isOk();
        CallEnded ended = awaitCallEvents(session.uuid(), CallEnded.class, 1).getFirst();
        assertThat(ended.legs().getFirst())
                .isEqualTo(new CallLeg(call, LegDirection.OUTBOUND, PartyRole.FIRST_PARTY, "US", 12, 12,
                        "NORMAL_CLEARING"));
        assertThat(FakeCarrierApi.get().requestsMentioning(session.uuid())).hasSize(1);
    }

    @Test
    void sessionWithoutRequestACallPlacesNoCall() {
        TestSession session = created(SessionMother.live());
        TestSession asking = created(SessionMother.live()
                .with(new RoutingOptions(true, null, null, false, null, 0, null)));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !FakeCarrierApi.get().requestsMentioning(asking.uuid()).isEmpty());
        assertThat(FakeCarrierApi.get().requestsMentioning(session.uuid())).isEmpty();
    }
}
