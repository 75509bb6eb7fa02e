package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.events.RoutingOptions;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.platform.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
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
        String a = us();
        String b = us();
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
        String a = us();
        String b = us();
        allocated(session, account, a, b);
        allocate(session(), account, a, us(), true).expectStatus().isBadRequest();

        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));

        await().atMost(CONSUMED).until(() -> "released".equals(status(session)));
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(liveSessions(vn)).isZero();
        assertThat(allocated(session(), account, a, us())).isEqualTo(vn);
    }

    @Test
    void redeliveredSessionExpiredIsHarmless() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String first = session();
        String a = us();
        String b = us();
        allocated(first, account, a, b);
        SessionExpired expiry = expired(first, account, a, b, vn);
        EventEnvelope envelope = publish(expiry);
        await().atMost(CONSUMED).until(() -> "released".equals(status(first)));
        // A takes the number again in a new session.
        String second = session();
        String c = us();
        allocated(second, account, a, c);
        double duplicates = duplicates();

        publish(expiry, envelope);
        // The same fact under a new event id (a producer retry) must not touch the new session either.
        EventEnvelope republished = publish(expiry);

        await().atMost(CONSUMED).until(() -> duplicates() > duplicates);
        await().atMost(CONSUMED).until(() -> consumed(republished));
        assertThat(status(second)).isEqualTo("reserved");
        assertThat(bindingsOf(second)).containsExactlyInAnyOrder(vn + "|party:" + a, vn + "|party:" + c);
        assertThat(status(first)).isEqualTo("released");
        allocate(session(), account, a, us(), true).expectStatus().isBadRequest();
    }

    @Test
    void coolOffKeepsTheBindingsReservedUntilItEndsAndTheReleaseJobFreesThem() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        String a = us();
        String b = us();
        allocate(Map.of("session_uuid", session, "account_id", account, "first_party", a, "second_party", b,
                "cooloff_seconds", 3600)).expectStatus().isCreated();

        publish(created(session, account, a, b, vn));
        publish(expired(session, account, a, b, vn));

        await().atMost(CONSUMED).until(() -> "cooling".equals(status(session)));
        assertThat(bindingsOf(session)).containsExactlyInAnyOrder(vn + "|party:" + a, vn + "|party:" + b);
        assertThat(liveSessions(vn)).as("a cooling session still loads its number").isEqualTo(1);
        assertThat(releaseAfter(session)).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        // The cooling session still holds A on the number, and the release job leaves it until it is due.
        allocate(session(), account, a, us(), true).expectStatus().isBadRequest();
        cooloff.releaseDue().block();
        assertThat(status(session)).isEqualTo("cooling");

        // The period passes (as after a restart: the due time is stored with the allocation).
        db.sql("UPDATE allocations SET release_after = now() - interval '1 second' WHERE session_uuid = :s")
                .bind("s", session).then().block();
        assertThat(cooloff.releaseDue().block()).isGreaterThanOrEqualTo(1L);

        assertThat(status(session)).isEqualTo("released");
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(liveSessions(vn)).isZero();
        assertThat(allocated(session(), account, a, us())).isEqualTo(vn);
        assertThat(liveSessions(vn)).isEqualTo(1);
    }

    @Test
    void coolOffPeriodOfTheExpiredSessionsStateAppliesWhenLonger() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        String a = us();
        String b = us();
        allocated(session, account, a, b);
        SessionState state = state(account, a, b, vn, "expired");
        SessionState withCooloff = new SessionState(state.accountId(), a, b, vn, "expired", state.callTimeLimit(),
                state.ringTimeout(), state.createdTime(), state.expiryTime(), false, "mp3",
                new RoutingOptions(false, null, null, false, null, 600, null));

        publish(new SessionExpired(session, withCooloff, "api", Instant.now()));

        await().atMost(CONSUMED).until(() -> "cooling".equals(status(session)));
        assertThat(releaseAfter(session)).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(700));
        assertThat(bindingsOf(session)).hasSize(2);
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
