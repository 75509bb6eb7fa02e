package dev.veil.router;

import dev.veil.events.CallEnded;
import dev.veil.events.RoutingOptions;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.KeyRotation;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real phone numbers at rest (issue 9): nothing call-router stores holds one in clear, replays still get the same
 * answer from what is stored sealed, and an erased session's calls leave nothing behind.
 */
class PrivacyTests extends RouterIntegrationTest {

    @Autowired
    KeyRotation keyRotation;

    @Test
    void noTableHoldsATestNumberInClearAfterEveryKindOfWebhookWhileRepeatedAnswersGetTheSameXml() {
        TestSession bridged = created(SessionMother.live());
        TestSession pinSession = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("2468", "1357", false))));
        PhoneNumber stranger = TestNumbers.us();
        PhoneNumber customer = TestNumbers.us();
        PhoneNumber agent = TestNumbers.gb();
        TestSession single = singleParty(customer);

        // A bridged call, every webhook of it, and the carrier's retry of its answer.
        String a = callUuid();
        String b = callUuid();
        String dial = xml(post("/carrier/plivo/answer", answer(a, bridged, true)));
        assertThat(dial).isEqualTo(dialTo(bridged, bridged.second()));
        assertThat(xml(post("/carrier/plivo/answer", answer(a, bridged, true)))).isEqualTo(dial);
        post("/carrier/plivo/dial-events", withNumbers(CallFlowTests.dialEvent("answer", a, b, ""), bridged))
                .expectStatus().isOk();
        post("/carrier/plivo/dial-events", withNumbers(CallFlowTests.dialEvent("hangup", a, b, "NORMAL_CLEARING"),
                bridged)).expectStatus().isOk();
        post("/carrier/plivo/dial-status", dialStatus(a, b)).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(a, bridged.first(), bridged)).expectStatus().isOk();
        // A stranger's PIN check: the prompt, a wrong PIN, the right one.
        String pinCall = callUuid();
        String prompt = xml(post("/carrier/plivo/answer", answer(pinCall, stranger, pinSession.virtualNumber())));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1",
                PinAuthenticationTests.digits(pinCall, stranger, pinSession, "1111#")))).contains("GetDigits");
        assertThat(xml(post("/carrier/plivo/pin?attempt=2",
                PinAuthenticationTests.digits(pinCall, stranger, pinSession, "2468#"))))
                .isEqualTo(dialTo(pinSession, pinSession.second()));
        // A single-party session: its last caller is remembered.
        String agentCall = callUuid();
        assertThat(xml(post("/carrier/plivo/answer", answer(agentCall, agent, single.virtualNumber()))))
                .isEqualTo(dialTo(single, customer));
        post("/carrier/plivo/hangup", hangup(agentCall, agent, single)).expectStatus().isOk();
        awaitCallEvents(bridged.uuid(), CallEnded.class, 1);
        awaitOutboxPublished();

        String everything = everyRowOfEveryTable();
        assertThat(everything).as("the scan reads the logged calls").contains(a, pinCall, agentCall);
        List<PhoneNumber> numbers = List.of(bridged.first(), bridged.second(), pinSession.first(),
                pinSession.second(), stranger, customer, agent);
        for (PhoneNumber number : numbers) {
            assertThat(everything).as("no real number in clear").doesNotContain(number.digits());
        }
        // The sealed columns are declared, so the platform's key rotation re-encrypts them.
        Map<String, Map<String, Long>> sealedPerKey = keyRotation.status().block();
        assertThat(sealedPerKey.get("webhook_log.detail")).containsKey("dev");
        assertThat(sealedPerKey.get("last_caller.caller")).containsKey("dev");
        // The PIN prompt's retry is answered from its sealed log row.
        assertThat(xml(post("/carrier/plivo/answer", answer(pinCall, stranger, pinSession.virtualNumber()))))
                .isEqualTo(prompt);
    }

    @Test
    void anErasedSessionLeavesTheIndexAndItsCallsLeaveNothingBehind() {
        PhoneNumber customer = TestNumbers.us();
        PhoneNumber agent = TestNumbers.us();
        TestSession single = singleParty(customer);
        TestSession other = created(SessionMother.live());
        String agentCall = callUuid();
        String otherCall = callUuid();
        post("/carrier/plivo/answer", answer(agentCall, agent, single.virtualNumber())).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup(agentCall, agent, single)).expectStatus().isOk();
        post("/carrier/plivo/answer", answer(otherCall, other, true)).expectStatus().isOk();
        awaitAnswersWritten();
        assertThat(storedDetails(agentCall)).isEqualTo(List.of(true, true));
        assertThat(lastCallers(single)).isOne();

        Kafka.sessionErased(single);

        await().atMost(Duration.ofSeconds(20)).until(() -> lastCallers(single) == 0
                && storedDetails(agentCall).equals(List.of(false, false)));
        assertThat(index.session(single.uuid())).isEmpty();
        assertThat(loggedKinds(agentCall)).as("the rows stay, so a retry is still known")
                .containsExactly("answer", "hangup");
        assertThat(storedDetails(otherCall)).as("another session's call is untouched").containsExactly(true);
        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), agent, single.virtualNumber()))))
                .isEqualTo(REJECTED);
    }

    /** A live single-party session of {@code customer} without PIN: any caller reaches the customer. */
    private TestSession singleParty(PhoneNumber customer) {
        TestSession live = SessionMother.live();
        return indexed(new TestSession(UUID.randomUUID().toString(), TestNumbers.us(), customer, null, "active",
                live.createdTime(), live.expiryTime(), false, new RoutingOptions(false, null, null, true, null, 0,
                null)));
    }

    /** Every row of every table of the router's schema, as text. */
    private String everyRowOfEveryTable() {
        List<String> tables = db.sql("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'""")
                .map(row -> row.get(0, String.class)).all().collectList().block();
        assertThat(tables).contains("webhook_log", "last_caller", "live_call", "outbox");
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(db.sql("SELECT CAST(t AS text) FROM \"" + table + "\" t")
                    .map(row -> row.get(0, String.class)).all().collectList().block());
        }
        return String.join("\n", rows);
    }

    /** For each logged report of a call, by kind, whether its detail is still stored. */
    private List<Boolean> storedDetails(String callUuid) {
        return db.sql("""
                        SELECT detail IS NOT NULL FROM webhook_log
                        WHERE call_uuid = :call ORDER BY kind""")
                .bind("call", callUuid).map(row -> row.get(0, Boolean.class)).all().collectList().block();
    }

    private long lastCallers(TestSession session) {
        return db.sql("SELECT count(*) FROM last_caller WHERE session_uuid = :s").bind("s", session.uuid())
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /** The carrier's dial events name the dialled party and the caller. */
    private static Map<String, String> withNumbers(Map<String, String> event,
            TestSession session) {
        event.put("DialBLegFrom", session.virtualNumber().digits());
        event.put("DialBLegTo", session.second().digits());
        return event;
    }

    private static Map<String, String> dialStatus(String a, String b) {
        return Map.of("DialStatus", "completed", "DialALegUUID", a, "DialBLegUUID", b,
                "DialHangupCause", "NORMAL_CLEARING", "DialRingStatus", "true");
    }

    private static Map<String, String> hangup(String call, PhoneNumber from, TestSession session) {
        Map<String, String> params = CallFlowTests.hangup(call, session);
        params.put("From", from.digits());
        return params;
    }
}
