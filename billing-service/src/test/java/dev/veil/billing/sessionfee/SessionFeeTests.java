package dev.veil.billing.sessionfee;

import dev.veil.billing.BillingIntegration;
import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.SessionCharged;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.events.Topics;
import dev.veil.platform.events.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code SessionCreated} in, one {@code session_charges} row and one {@code SessionCharged} out per session. */
class SessionFeeTests extends BillingIntegration {

    private static String account() {
        return "MAFEE" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
    }

    @Test
    void aSessionOfAnAccountWithAFeeIsChargedOnceHoweverOftenItIsReported() {
        String account = account();
        putRateCard(account, """
                {"currency": "USD", "session_fee": "0.25", "default": {"rate_per_minute": "0.0050"}}""");
        String session = UUID.randomUUID().toString();
        SessionCreated created = sessionCreated(session, account);
        EventEnvelope envelope = envelope(created, "session-service", "corr-" + session);
        double feesBefore = counter("veil.billing.session.fees", "currency", "USD");

        publish(Topics.SESSION, created, envelope);
        publish(Topics.SESSION, created, envelope);
        // The same session under a new event id (a replay) and a later event of it.
        publish(Topics.SESSION, created, envelope(created, "session-service", "c"));
        SessionExpired expired = new SessionExpired(session, created.session(), "expired", Instant.now());
        EventEnvelope last = envelope(expired, "session-service", "c");
        publish(Topics.SESSION, expired, last);

        await().atMost(WAIT).until(() -> consumed(last.id()) == 1);
        var record = records(Topics.BILLING, session, 1).getFirst();
        assertThat(codec.decode(EventType.SESSION_CHARGED, record.value()))
                .isEqualTo(new SessionCharged(session, account, new BigDecimal("0.25000"), "USD"));
        assertThat(new String(record.headers().lastHeader(EventHeaders.CORRELATION_ID).value(),
                StandardCharsets.UTF_8)).isEqualTo("corr-" + session);
        assertThat(count("SELECT count(*) FROM session_charges WHERE session_uuid = :p", session)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM consumed_events WHERE consumer = 'billing-service.sessions' "
                + "AND event_id = CAST(:p AS uuid)", envelope.id().toString())).isEqualTo(1);
        assertThat(counter("veil.billing.session.fees", "currency", "USD") - feesBefore).isEqualTo(0.25);
    }

    @Test
    void aSessionWithoutAFeeIsNotCharged() {
        String account = account();
        String session = UUID.randomUUID().toString();
        SessionCreated created = sessionCreated(session, account);
        EventEnvelope envelope = envelope(created, "session-service", "c");

        publish(Topics.SESSION, created, envelope);

        await().atMost(WAIT).until(() -> consumed(envelope.id()) == 1);
        assertThat(count("SELECT count(*) FROM session_charges WHERE session_uuid = :p", session)).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = :p", session)).isZero();
        assertThat(records(Topics.BILLING, session, 0)).isEmpty();
    }

    private long consumed(UUID eventId) {
        return count("SELECT count(*) FROM consumed_events WHERE consumer = 'billing-service.sessions' "
                + "AND event_id = CAST(:p AS uuid)", eventId.toString());
    }
}
