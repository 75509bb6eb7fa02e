package dev.veil.router;

import dev.veil.events.CallLegChanged;
import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PIN authentication (PLIVO_API.md §5): the PIN selects the session on the number and the party to call. */
class PinAuthenticationTests extends RouterIntegrationTest {

    static final String PROMPT = "https://cdn.example.test/pin-prompt.mp3";
    static final String INCORRECT = "https://cdn.example.test/incorrect-pin.mp3";

    @Test
    void unknownCallerTypingTheFirstPartysPinIsConnectedToTheSecondParty() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1234", "4321", false))));
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(call, stranger, session.virtualNumber()))))
                .isEqualTo(getDigits(1, null));
        String connected = xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "1234#")));

        assertThat(connected).isEqualTo(dialTo(session, session.second()));
        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.SUCCESS);
        assertThat(pin.retryCount()).isZero();
        assertThat(pin.callUuid()).isEqualTo(call);
        InteractionStarted started = awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst();
        assertThat(started.caller()).isEqualTo(PartyRole.FIRST_PARTY);
        assertThat(loggedKinds(call)).containsExactly("answer", "pin_1");
        // The carrier's retry of the PIN webhook gets the same answer and no second event.
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "1234#"))))
                .isEqualTo(connected);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(InteractionStarted.class::isInstance).hasSize(1);
    }

    @Test
    void theSecondPartysPinConnectsToTheFirstPartyAfterAWrongTry() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("5555", "6666", false))));
        PhoneNumber stranger = TestNumbers.gb();
        String call = callUuid();

        post("/carrier/plivo/answer", answer(call, stranger, session.virtualNumber())).expectStatus().isOk();
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "0000"))))
                .isEqualTo(getDigits(2, INCORRECT));
        assertThat(xml(post("/carrier/plivo/pin?attempt=2", digits(call, stranger, session, "6666"))))
                .isEqualTo(dialTo(session, session.first()));

        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.SUCCESS);
        assertThat(pin.retryCount()).isEqualTo(1);
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst().caller())
                .isEqualTo(PartyRole.SECOND_PARTY);
    }

    @Test
    void wrongPinsUpToTheRetriesEndTheCallWithTheIncorrectPinSoundAndAFailedEvent() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1111", "2222", false))));
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();

        post("/carrier/plivo/answer", answer(call, stranger, session.virtualNumber())).expectStatus().isOk();
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "9"))))
                .isEqualTo(getDigits(2, INCORRECT));
        assertThat(xml(post("/carrier/plivo/pin?attempt=2", digits(call, stranger, session, ""))))
                .isEqualTo(getDigits(3, INCORRECT));
        assertThat(xml(post("/carrier/plivo/pin?attempt=3", digits(call, stranger, session, "2223"))))
                .isEqualTo("<Response><Play>" + INCORRECT + "</Play><Hangup/></Response>");

        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.FAILED);
        assertThat(pin.retryCount()).isEqualTo(3);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).noneMatch(InteractionStarted.class::isInstance);
    }

    @Test
    void callerHangingUpDuringThePinCheckFailsItOnce() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("3131", "4141", false))));
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();

        post("/carrier/plivo/answer", answer(call, stranger, session.virtualNumber())).expectStatus().isOk();
        post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "1")).expectStatus().isOk();
        Map<String, String> hangup = Map.of("CallUUID", call, "HangupCause", "NORMAL_CLEARING", "Duration", "9");
        post("/carrier/plivo/hangup", hangup).expectStatus().isOk();
        post("/carrier/plivo/hangup", hangup).expectStatus().isOk();

        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.FAILED);
        assertThat(pin.retryCount()).isEqualTo(1);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(PinAuthenticated.class::isInstance).hasSize(1);
    }

    @Test
    void registeredPartyOfAPinSessionIsConnectedAsAnAuthorizedCaller() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1212", "3434", false))));
        String call = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(call, session, true))))
                .isEqualTo(dialTo(session, session.second()));

        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.AUTHORIZED_CALLER);
        assertThat(awaitCallEvents(session.uuid(), CallLegChanged.class, 2)).isNotEmpty();
    }

    @Test
    void forcedPinAuthenticationAsksRegisteredPartiesToo() {
        TestSession session = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("7777", "8888", true))));
        String call = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(call, session, false)))).isEqualTo(getDigits(1, null));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, session.second(), session, "8888#"))))
                .isEqualTo(dialTo(session, session.first()));
    }

    static String getDigits(int attempt, String incorrect) {
        return "<Response>" + (incorrect == null ? "" : "<Play>" + incorrect + "</Play>")
                + "<GetDigits action=\"" + BASE_URL + "/carrier/plivo/pin?attempt=" + attempt
                + "\" method=\"POST\" timeout=\"7\" numDigits=\"15\" finishOnKey=\"#\" retries=\"1\"><Play>" + PROMPT
                + "</Play></GetDigits></Response>";
    }

    static Map<String, String> digits(String call, PhoneNumber from, TestSession session, String digits) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", call);
        params.put("From", from.digits());
        params.put("To", session.virtualNumber().digits());
        params.put("Direction", "inbound");
        params.put("Digits", digits);
        return params;
    }
}
