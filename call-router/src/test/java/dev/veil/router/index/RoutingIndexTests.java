package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.events.PartyNumber;
import dev.veil.events.SessionState;
import dev.veil.router.SessionMother;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.router.TestKeys;
import dev.veil.router.TestNumbers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingIndexTests {

    MutableClock clock = new MutableClock(Instant.now());
    RoutingIndex index = new RoutingIndex(clock, TestKeys.KEYS);

    @Test
    void eachPartyIsRoutedToTheOther() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());

        Route fromFirst = index.find(session.virtualNumber(), session.first()).orElseThrow();
        assertThat(fromFirst.sessionUuid()).isEqualTo(session.uuid());
        assertThat(fromFirst.callerRole()).isEqualTo(PartyRole.FIRST_PARTY);
        assertThat(fromFirst.otherParty()).isEqualTo(session.second());
        assertThat(fromFirst.accountId()).isEqualTo(SessionMother.ACCOUNT);
        assertThat(fromFirst.callTimeLimit()).isEqualTo(SessionMother.CALL_TIME_LIMIT);
        assertThat(fromFirst.ringTimeout()).isEqualTo(SessionMother.RING_TIMEOUT);

        Route fromSecond = index.find(session.virtualNumber(), session.second()).orElseThrow();
        assertThat(fromSecond.callerRole()).isEqualTo(PartyRole.SECOND_PARTY);
        assertThat(fromSecond.otherParty()).isEqualTo(session.first());
        assertThat(index.sessionCount()).isEqualTo(1);
        assertThat(index.routeCount()).isEqualTo(2);
    }

    @Test
    void strangerAndOtherNumbersAreNotRouted() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());

        assertThat(index.find(session.virtualNumber(), TestNumbers.us())).isEmpty();
        assertThat(index.find(TestNumbers.us(), session.first())).isEmpty();
    }

    @Test
    void aPartyPostedAsBareDigitsIsKnownOnItsNumberOnly() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());
        String first = session.first().e164();

        assertThat(index.partyOn(session.virtualNumber(), first.substring(1))).isEqualTo(session.first());
        assertThat(index.partyOn(session.virtualNumber(), first)).isEqualTo(session.first());
        assertThat(index.partyOn(session.virtualNumber(), session.second().digits())).isEqualTo(session.second());
        assertThat(index.partyOn(session.virtualNumber(), TestNumbers.us().digits())).isNull();
        assertThat(index.partyOn(TestNumbers.us(), first)).isNull();
        // Not bare digits: parsed by the caller, as any number.
        assertThat(index.partyOn(session.virtualNumber(), first.substring(0, 2) + " " + first.substring(2)))
                .isNull();
        assertThat(index.partyOn(session.virtualNumber(), "anonymous")).isNull();
        assertThat(index.partyOn(session.virtualNumber(), "")).isNull();
    }

    @Test
    void routeIsNotUsedPastTheSessionsExpiryTimeEvenBeforeItsExpiryEvent() {
        TestSession session = SessionMother.live().expiringAt(clock.instant().plusSeconds(60));
        index.apply(session.uuid(), session.state());
        assertThat(index.find(session.virtualNumber(), session.first())).isPresent();

        clock.advance(Duration.ofSeconds(60));

        assertThat(index.find(session.virtualNumber(), session.first())).isEmpty();
    }

    @Test
    void endedSessionIsRemovedAndAnExpiredStateIsNotIndexed() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());

        index.end(session.uuid(), clock.instant());
        assertThat(index.find(session.virtualNumber(), session.first())).isEmpty();
        assertThat(index.sessionCount()).isZero();
        assertThat(index.routeCount()).isZero();

        index.apply(session.uuid(), session.expired().state());
        assertThat(index.find(session.virtualNumber(), session.second())).isEmpty();
    }

    @Test
    void applyingTheSameStateTwiceIsHarmless() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());
        index.apply(session.uuid(), session.state());

        assertThat(index.routeCount()).isEqualTo(2);
        index.end(session.uuid(), clock.instant());
        assertThat(index.routeCount()).isZero();
    }

    @Test
    void endingAnOlderSessionKeepsTheNewerSessionOnTheSameNumberAndCaller() {
        TestSession older = SessionMother.live();
        TestSession newer = new TestSession("newer-" + older.uuid(), older.virtualNumber(), older.first(),
                TestNumbers.us(), "active", older.createdTime(), older.expiryTime());
        index.apply(older.uuid(), older.state());
        index.apply(newer.uuid(), newer.state());

        index.end(older.uuid(), clock.instant());

        assertThat(index.find(newer.virtualNumber(), newer.first()).orElseThrow().sessionUuid())
                .isEqualTo(newer.uuid());
        assertThat(index.find(older.virtualNumber(), older.second())).isEmpty();
    }

    @Test
    void pinsSelectTheirSessionOnTheirNumberOnlyWhileItLives() {
        TestSession session = SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1234", "4321", false)));
        index.apply(session.uuid(), session.state());

        assertThat(index.byPin(session.virtualNumber(), "4321")).map(IndexedSession::sessionUuid)
                .contains(session.uuid());
        assertThat(index.byPin(session.virtualNumber(), "9999")).isEmpty();
        assertThat(index.byPin(TestNumbers.us(), "1234")).isEmpty();
        assertThat(index.pinSessionOn(session.virtualNumber())).isPresent();

        index.end(session.uuid(), clock.instant());
        assertThat(index.byPin(session.virtualNumber(), "1234")).isEmpty();
        assertThat(index.pinSessionOn(session.virtualNumber())).isEmpty();
    }

    @Test
    void singlePartySessionTakesAnyCallerAndRoutesItsPartyToTheLastCaller() {
        TestSession two = SessionMother.live();
        TestSession session = new TestSession("single", two.virtualNumber(), null, two.second(), "active",
                two.createdTime(), two.expiryTime(), false,
                new dev.veil.events.RoutingOptions(false, null, null, true, null, 0, null));
        index.apply(session.uuid(), session.state());

        assertThat(index.anyCallerSessionOn(session.virtualNumber())).map(IndexedSession::missingRole)
                .contains(PartyRole.FIRST_PARTY);
        Route before = index.find(session.virtualNumber(), two.second()).orElseThrow();
        assertThat(before.callerRole()).isEqualTo(PartyRole.SECOND_PARTY);
        assertThat(before.otherParty()).isNull();

        var caller = TestNumbers.gb();
        index.rememberCaller(session.uuid(), caller);
        assertThat(index.find(session.virtualNumber(), two.second()).orElseThrow().otherParty()).isEqualTo(caller);
        index.end(session.uuid(), clock.instant());
        assertThat(index.anyCallerSessionOn(session.virtualNumber())).isEmpty();
    }

    @Test
    void updatedSessionReplacesItsEntriesAndAnInProgressSessionStillRoutes() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());
        TestSession moved = session.on(TestNumbers.us());
        SessionState inProgress = new SessionState(SessionMother.ACCOUNT, TestKeys.KEYS.party(moved.first()),
                TestKeys.KEYS.party(moved.second()), moved.virtualNumber().e164(), "in-progress", 60, 30,
                moved.createdTime(), moved.expiryTime(), false, "mp3");

        index.apply(session.uuid(), inProgress);

        assertThat(index.find(session.virtualNumber(), session.first())).isEmpty();
        assertThat(index.find(moved.virtualNumber(), moved.first())).isPresent();
        assertThat(index.sessionCount()).isEqualTo(1);
    }

    @Test
    void singlePartyOrMalformedSessionsHaveNoRoutes() {
        TestSession session = SessionMother.live();
        SessionState singleParty = new SessionState(SessionMother.ACCOUNT, TestKeys.KEYS.party(session.first()), null,
                session.virtualNumber().e164(), "active", 60, 30, session.createdTime(), session.expiryTime(),
                false, "mp3");
        SessionState badNumber = new SessionState(SessionMother.ACCOUNT,
                // Sealed like a party, but not a phone number.
                new PartyNumber("index", "US", TestKeys.KEYS.events().encrypt("12345", "veil.event.party")),
                TestKeys.KEYS.party(session.second()),
                session.virtualNumber().e164(), "active", 60, 30, session.createdTime(), session.expiryTime(),
                false, "mp3");

        index.apply("single", singleParty);
        index.apply("bad", badNumber);

        assertThat(index.routeCount()).isZero();
        assertThat(index.find(session.virtualNumber(), session.first())).isEmpty();
    }

    @Test
    void learntSessionIsIndexedUnlessItEndedMeanwhile() {
        TestSession learnt = SessionMother.live();
        assertThat(index.learn(learnt.uuid(), learnt.state(), learnt.virtualNumber(), learnt.second()))
                .map(Route::otherParty).contains(learnt.first());
        assertThat(index.find(learnt.virtualNumber(), learnt.first())).isPresent();

        TestSession ended = SessionMother.live();
        index.end(ended.uuid(), clock.instant());
        assertThat(index.learn(ended.uuid(), ended.state(), ended.virtualNumber(), ended.first())).isEmpty();
        assertThat(index.find(ended.virtualNumber(), ended.first())).isEmpty();

        clock.advance(RoutingIndex.ENDED_MEMORY.plusSeconds(1));
        assertThat(index.learn(ended.uuid(), ended.state(), ended.virtualNumber(), ended.first())).isPresent();
    }

    @Test
    void recentSessionLearntWithoutACallerIsIndexedUnlessEndedExpiredOrAlreadyKnown() {
        TestSession pinSession = SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1357", "2468", false)));
        assertThat(index.learn(pinSession.uuid(), pinSession.state())).isTrue();
        assertThat(index.byPin(pinSession.virtualNumber(), "2468")).map(IndexedSession::sessionUuid)
                .contains(pinSession.uuid());
        assertThat(index.pinSessionOn(pinSession.virtualNumber())).isPresent();

        TestSession expired = SessionMother.live().expired();
        assertThat(index.learn(expired.uuid(), expired.state())).isFalse();
        assertThat(index.find(expired.virtualNumber(), expired.first())).isEmpty();
        TestSession pastItsExpiry = SessionMother.live().expiringAt(clock.instant().minusSeconds(1));
        index.learn(pastItsExpiry.uuid(), pastItsExpiry.state());
        assertThat(index.find(pastItsExpiry.virtualNumber(), pastItsExpiry.first())).isEmpty();
        TestSession ended = SessionMother.live();
        index.end(ended.uuid(), clock.instant());
        assertThat(index.learn(ended.uuid(), ended.state())).isFalse();
        assertThat(index.find(ended.virtualNumber(), ended.first())).isEmpty();

        // The topic said the session moved to another number (an update): an older state learnt later changes nothing.
        TestSession current = SessionMother.live();
        index.apply(current.uuid(), current.state());
        TestSession older = current.on(TestNumbers.us());
        assertThat(index.learn(older.uuid(), older.state())).isTrue();
        assertThat(index.find(current.virtualNumber(), current.first())).isPresent();
        assertThat(index.find(older.virtualNumber(), older.first())).isEmpty();
    }

    @Test
    void anEndLongAgoIsNotRememberedSoReplayingOldHistoryCostsNoMemory() {
        TestSession session = SessionMother.live();
        index.end(session.uuid(), clock.instant().minus(Duration.ofDays(30)));

        assertThat(index.learn(session.uuid(), session.state(), session.virtualNumber(), session.first()))
                .isPresent();
    }

    /** A clock tests move forward by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
