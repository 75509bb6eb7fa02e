package dev.veil.router;

import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.events.RoutingOptions;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.veil.router.PinAuthenticationTests.INCORRECT;
import static dev.veil.router.PinAuthenticationTests.digits;
import static dev.veil.router.PinAuthenticationTests.getDigits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller who is no party, calling right after a session was created on the number, before its
 * {@code SessionCreated} reached the index: the router learns the number's recent sessions from session-service
 * ({@link FakeSessionService}'s {@code /internal/v1/routes/recent}) and decides from them. None of these sessions is
 * ever published on the session topic.
 */
class RecentSessionsTests extends RouterIntegrationTest {

    static final String UNKNOWN_CALLER_PLAY = "https://cdn.example.test/use-your-registered-number.mp3";

    @Test
    void strangerCallingANewPinSessionIsAskedForItsPinAndConnectedToTheOtherParty() {
        TestSession session = SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("2468", "1357", false)));
        FakeSessionService.get().recentOn(session.virtualNumber(), session);
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();

        assertThat(xml(post(ANSWER, answer(call, stranger, session.virtualNumber())))).isEqualTo(getDigits(1, null));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "2468#"))))
                .isEqualTo(dialTo(session, session.second()));

        PinAuthenticated pin = awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst();
        assertThat(pin.outcome()).isEqualTo(PinOutcome.SUCCESS);
        assertThat(pin.callUuid()).isEqualTo(call);
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst().caller())
                .isEqualTo(PartyRole.FIRST_PARTY);
        assertThat(FakeSessionService.get().recentRequests(session.virtualNumber())).isEqualTo(1);
    }

    @Test
    void wrongPinOnANewPinSessionStillCountsAsWrong() {
        TestSession session = SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("8642", "9753", false)));
        FakeSessionService.get().recentOn(session.virtualNumber(), session);
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();
        double retriesBefore = counter("veil.router.pin.checks", "outcome", "retry");

        assertThat(xml(post(ANSWER, answer(call, stranger, session.virtualNumber())))).isEqualTo(getDigits(1, null));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, session, "2468#"))))
                .isEqualTo(getDigits(2, INCORRECT));

        assertThat(counter("veil.router.pin.checks", "outcome", "retry")).isEqualTo(retriesBefore + 1);
        assertThat(db.sql("SELECT failures FROM pin_guessing WHERE virtual_number = :vn")
                .bind("vn", session.virtualNumber().e164()).map(row -> row.get(0, Integer.class)).all()
                .collectList().block()).as("counted towards PIN guessing").containsExactly(1);
        assertThat(xml(post("/carrier/plivo/pin?attempt=2", digits(call, stranger, session, "9753#"))))
                .isEqualTo(dialTo(session, session.first()));
        assertThat(awaitCallEvents(session.uuid(), PinAuthenticated.class, 1).getFirst().retryCount()).isEqualTo(1);
    }

    @Test
    void pinOfASessionCreatedAfterThePromptIsLookedForAmongTheNumbersRecentSessions() throws InterruptedException {
        TestSession prompting = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1111", "2222", false))));
        TestSession newer = SessionMother.live().on(prompting.virtualNumber())
                .with(SessionMother.withPin(SessionMother.pins("3333", "4444", false)));
        PhoneNumber stranger = TestNumbers.us();
        String call = callUuid();

        assertThat(xml(post(ANSWER, answer(call, stranger, prompting.virtualNumber()))))
                .isEqualTo(getDigits(1, null));
        assertThat(FakeSessionService.get().recentRequests(prompting.virtualNumber())).isEqualTo(1);
        // The newer session is created while the caller listens to the prompt; the number may be asked again
        // once the interval of the last lookup is over.
        FakeSessionService.get().recentOn(prompting.virtualNumber(), newer);
        Thread.sleep(1_100);

        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(call, stranger, newer, "4444#"))))
                .isEqualTo(dialTo(newer, newer.first()));
        assertThat(awaitCallEvents(newer.uuid(), InteractionStarted.class, 1).getFirst().caller())
                .isEqualTo(PartyRole.SECOND_PARTY);
        assertThat(FakeSessionService.get().recentRequests(prompting.virtualNumber())).isEqualTo(2);
    }

    @Test
    void strangerCallingRightAfterASessionWithAnAnnouncementWasCreatedHearsIt() {
        TestSession session = SessionMother.live().with(announcing());
        FakeSessionService.get().recentOn(session.virtualNumber(), session);

        assertThat(xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), session.virtualNumber()))))
                .isEqualTo(announcement());
    }

    @Test
    void expiredRecentSessionIsNotRoutable() {
        TestSession session = SessionMother.live().with(announcing())
                .expiringAt(Instant.now().minusSeconds(1));
        FakeSessionService.get().recentOn(session.virtualNumber(), session);

        assertThat(xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), session.virtualNumber()))))
                .isEqualTo(REJECTED);
        assertThat(FakeSessionService.get().recentRequests(session.virtualNumber())).isEqualTo(1);
    }

    @Test
    void strangersAskForANumbersRecentSessionsAtMostOncePerInterval() throws InterruptedException {
        PhoneNumber vn = TestNumbers.us();

        for (int call = 0; call < 5; call++) {
            assertThat(xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), vn)))).isEqualTo(REJECTED);
        }
        // Once per second: five calls ask five times only when each takes over a second (a very loaded machine).
        int asked = FakeSessionService.get().recentRequests(vn);
        assertThat(asked).isBetween(1, 4);

        Thread.sleep(1_100);
        assertThat(xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), vn)))).isEqualTo(REJECTED);
        assertThat(FakeSessionService.get().recentRequests(vn)).isEqualTo(asked + 1);
    }

    @Test
    void hungSessionServiceLeavesTheStrangerToTheIndexWithinTheBudget() {
        TestSession session = indexed(SessionMother.live().with(announcing()));
        FakeSessionService.get().recentHangs(session.virtualNumber(), Duration.ofSeconds(3));
        double failedBefore = counter("veil.router.route.lookups", "outcome", "recent_failed");

        long started = System.nanoTime();
        String xml = xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), session.virtualNumber())));

        assertThat(xml).isEqualTo(announcement());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(FakeSessionService.get().recentRequests(session.virtualNumber())).isEqualTo(1);
        assertThat(counter("veil.router.route.lookups", "outcome", "recent_failed")).isEqualTo(failedBefore + 1);
    }

    @Test
    void failingSessionServiceLeavesTheStrangerToTheIndex() {
        TestSession session = indexed(SessionMother.live().with(announcing()));
        FakeSessionService.get().recentFails(session.virtualNumber());
        double failedBefore = counter("veil.router.route.lookups", "outcome", "recent_failed");

        assertThat(xml(post(ANSWER, answer(callUuid(), TestNumbers.us(), session.virtualNumber()))))
                .isEqualTo(announcement());
        assertThat(counter("veil.router.route.lookups", "outcome", "recent_failed")).isEqualTo(failedBefore + 1);
    }

    private static RoutingOptions announcing() {
        return new RoutingOptions(false, null, null, false, UNKNOWN_CALLER_PLAY, 0, null);
    }

    private static String announcement() {
        return "<Response><Play>" + UNKNOWN_CALLER_PLAY + "</Play><Hangup/></Response>";
    }
}
