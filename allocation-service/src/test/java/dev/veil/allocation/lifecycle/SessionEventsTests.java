package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.events.SessionExpired;
import dev.veil.platform.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionEventsTests extends AllocationServiceIntegration {

    static final Duration CONSUMED = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

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
