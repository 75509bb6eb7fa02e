package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import dev.veil.events.RoutingOptions;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.platform.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionEventsTests extends AllocationServiceIntegration {

    static final Duration CONSUMED = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;
    @Autowired
    CooloffRelease cooloff;

    @Test
    void sessionCreatedConfirmsTheReservation() {
        String account = account();
        seed(account, us());
        String session = session();
        TestParty a = party();
        TestParty b = party();
        String vn = allocated(session, account, a, b);

        publish(created(session, account, a, b, vn));

        await().atMost(CONSUMED).until(() -> "confirmed".equals(status(session)));
        assertThat(db.sql("SELECT confirmed_at IS NOT NULL FROM allocations WHERE session_uuid = :s")
                .bind("s", session).map(r -> r.get(0, Boolean.class)).one().block()).isTrue();
        assertThat(bindingsOf(session)).hasSize(2);
    }

    @Test
    void sessionExpiredReleasesTheNumberForTheSamePartyAgain() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocated(session, account, a, b);
        allocate(session(), account, a, party(), true).expectStatus().isBadRequest();

        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));

        await().atMost(CONSUMED).until(() -> "released".equals(status(session)));
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(liveSessions(vn)).isZero();
        assertThat(allocated(session(), account, a, party())).isEqualTo(vn);
    }

    @Test
    void redeliveredSessionExpiredIsHarmless() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String first = session();
        TestParty a = party();
        TestParty b = party();
        allocated(first, account, a, b);
        SessionExpired expiry = expired(first, account, a, b, vn);
        EventEnvelope envelope = publish(expiry);
        await().atMost(CONSUMED).until(() -> "released".equals(status(first)));
        // A takes the number again in a new session.
        String second = session();
        TestParty c = party();
        allocated(second, account, a, c);
        double duplicates = duplicates();

        publish(expiry, envelope);
        // The same fact under a new event id (a producer retry) must not touch the new session either.
        EventEnvelope republished = publish(expiry);

        await().atMost(CONSUMED).until(() -> duplicates() > duplicates);
        await().atMost(CONSUMED).until(() -> consumed(republished));
        assertThat(status(second)).isEqualTo("reserved");
        assertThat(bindingsOf(second))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + c.index());
        assertThat(status(first)).isEqualTo("released");
        allocate(session(), account, a, party(), true).expectStatus().isBadRequest();
    }

    @Test
    void coolOffKeepsTheBindingsReservedUntilItEndsAndTheReleaseJobFreesThem() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocate(request(session, account, a, b, "cooloff_seconds", 3600)).expectStatus().isCreated();

        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));

        await().atMost(CONSUMED).until(() -> "cooling".equals(status(session)));
        assertThat(bindingsOf(session))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + b.index());
        assertThat(liveSessions(vn)).as("a cooling session still loads its number").isEqualTo(1);
        assertThat(releaseAfter(session)).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        // The cooling session still holds A on the number, and the release job leaves it until it is due.
        allocate(session(), account, a, party(), true).expectStatus().isBadRequest();
        cooloff.releaseDue().block();
        assertThat(status(session)).isEqualTo("cooling");

        // The period passes (as after a restart: the due time is stored with the allocation).
        db.sql("UPDATE allocations SET release_after = now() - interval '1 second' WHERE session_uuid = :s")
                .bind("s", session).then().block();
        assertThat(cooloff.releaseDue().block()).isGreaterThanOrEqualTo(1L);

        assertThat(status(session)).isEqualTo("released");
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(liveSessions(vn)).isZero();
        assertThat(allocated(session(), account, a, party())).isEqualTo(vn);
        assertThat(liveSessions(vn)).isEqualTo(1);
    }

    @Test
    void coolOffPeriodOfTheExpiredSessionsStateAppliesWhenLonger() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocated(session, account, a, b);
        SessionState state = state(account, a, b, vn, "expired");
        SessionState withCooloff = new SessionState(state.accountId(), state.firstParty(), state.secondParty(), vn,
                "expired", state.callTimeLimit(), state.ringTimeout(), state.createdTime(), state.expiryTime(), false,
                "mp3", new RoutingOptions(false, null, null, false, null, 600, null));

        publish(new SessionExpired(session, withCooloff, "api", Instant.now()));

        await().atMost(CONSUMED).until(() -> "cooling".equals(status(session)));
        assertThat(releaseAfter(session)).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(700));
        assertThat(bindingsOf(session)).hasSize(2);
    }

    @Test
    void erasureReleasesACoolingAllocationAtOnceAndKeepsNothingDerivedFromItsParties() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocate(request(session, account, a, b, "cooloff_seconds", 3600)).expectStatus().isCreated();
        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));
        await().atMost(CONSUMED).until(() -> "cooling".equals(status(session)));
        assertThat(liveSessions(vn)).isEqualTo(1);
        assertThat(heldBindings(session)).hasSize(2);
        assertThat(requestKey(session)).isNotNull();

        SessionExpired erasure = erased(session, account, vn);
        EventEnvelope envelope = publish(erasure);

        await().atMost(CONSUMED).until(() -> "released".equals(status(session)));
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(heldBindings(session)).isEmpty();
        assertThat(requestKey(session)).isNull();
        assertThat(liveSessions(vn)).as("the cooling session loaded the number once; it is unloaded once").isZero();
        // The party the cool-off would have kept off the number may take it again at once.
        String next = session();
        assertThat(allocated(next, account, a, party())).isEqualTo(vn);
        assertThat(liveSessions(vn)).isEqualTo(1);

        // A second delivery, and the same fact under a new event id, change nothing.
        double duplicates = duplicates();
        publish(erasure, envelope);
        EventEnvelope republished = publish(erasure);
        await().atMost(CONSUMED).until(() -> duplicates() > duplicates);
        await().atMost(CONSUMED).until(() -> consumed(republished));
        assertThat(status(session)).isEqualTo("released");
        assertThat(heldBindings(session)).isEmpty();
        assertThat(requestKey(session)).isNull();
        assertThat(liveSessions(vn)).isEqualTo(1);
        assertThat(status(next)).isEqualTo("reserved");
        assertThat(bindingsOf(next)).hasSize(2);
    }

    @Test
    void erasureReleasesAConfirmedAllocationWhateverItsCoolOff() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocate(request(session, account, a, b, "cooloff_seconds", 3600)).expectStatus().isCreated();
        publish(created(session, account, a, b, vn));
        await().atMost(CONSUMED).until(() -> "confirmed".equals(status(session)));

        publish(erased(session, account, vn));

        await().atMost(CONSUMED).until(() -> "released".equals(status(session)));
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(heldBindings(session)).isEmpty();
        assertThat(requestKey(session)).isNull();
        assertThat(liveSessions(vn)).isZero();
    }

    @Test
    void erasureOfAnAlreadyReleasedAllocationClearsWhatItKeptButUnloadsNothing() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party();
        allocated(session, account, a, b);
        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));
        await().atMost(CONSUMED).until(() -> "released".equals(status(session)));
        assertThat(heldBindings(session)).hasSize(2);
        String other = session();
        allocated(other, account, party(), party());

        EventEnvelope erasure = publish(erased(session, account, vn));

        await().atMost(CONSUMED).until(() -> consumed(erasure));
        assertThat(heldBindings(session)).isEmpty();
        assertThat(requestKey(session)).isNull();
        assertThat(status(session)).isEqualTo("released");
        assertThat(liveSessions(vn)).as("only the other session loads the number").isEqualTo(1);
    }

    private List<String> heldBindings(String session) {
        return db.sql("SELECT held_bindings FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> List.of(r.get(0, String[].class))).one().block();
    }

    private @Nullable String requestKey(String session) {
        return db.sql("SELECT request_key FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> Optional.ofNullable(r.get(0, String.class))).one().block().orElse(null);
    }

    private Instant releaseAfter(String session) {
        return db.sql("SELECT release_after FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> r.get(0, java.time.OffsetDateTime.class).toInstant()).one().block();
    }

    private double duplicates() {
        var counter = meters.find("veil.events.consumed").tag("consumer", SessionEventsBinding.CONSUMER)
                .tag("type", "SessionExpired").tag("outcome", "duplicate").counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean consumed(EventEnvelope envelope) {
        return Boolean.TRUE.equals(db.sql("""
                        SELECT EXISTS (SELECT 1 FROM consumed_events WHERE consumer = :c AND event_id = :id)""")
                .bind("c", SessionEventsBinding.CONSUMER).bind("id", envelope.id())
                .map(r -> r.get(0, Boolean.class)).one().block());
    }
}
