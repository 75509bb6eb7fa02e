package dev.veil.session.sessions;

import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class SessionCreatorTests extends SessionServiceTestSupport {

    @Autowired
    SessionCreator creator;

    @Test
    void requestLosingTheRaceForItsIdempotencyKeyStoresNothing() {
        String key = UUID.randomUUID().toString();
        Session winner = session(ACCOUNT);
        Session loser = session(ACCOUNT);

        assertThat(creator.create(winner, response(key, winner), "c").block()).isTrue();
        assertThat(creator.create(loser, response(key, loser), "c").block()).isFalse();

        assertThat(sessionsWithUuid(winner)).isEqualTo(1);
        assertThat(sessionsWithUuid(loser)).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + loser.sessionUuid() + "'")).isZero();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE session_uuid = '" + winner.sessionUuid()
                + "'")).isEqualTo(1);
    }

    @Test
    void failedSessionInsertRollsBackTheClaimedKey() {
        String key = UUID.randomUUID().toString();
        Session orphan = session("MANOSUCHACCOUNT00001");

        assertThatThrownBy(() -> creator.create(orphan, response(key, orphan), "c").block())
                .hasStackTraceContaining("sessions_account_id_fkey");

        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = '" + key + "'")).isZero();
        assertThat(sessionsWithUuid(orphan)).isZero();
    }

    private long sessionsWithUuid(Session session) {
        return count("SELECT count(*) FROM sessions WHERE session_uuid = '" + session.sessionUuid() + "'");
    }

    private static StoredResponse response(String key, Session session) {
        return new StoredResponse(key, "hash", session.sessionUuid(), 201, "{}");
    }

    private static Session session(String account) {
        return session(account, Instant.now().truncatedTo(ChronoUnit.SECONDS), 3600);
    }

    /** A plain two-party session of {@code account}, as the API would have created it at {@code created}. */
    public static Session session(String account, Instant created, int expirySeconds) {
        SessionOptions none = new SessionOptions(false, "", "", false, "", 0, false, false, 4, null, null, "", 1, 5,
                "", false);
        return new Session(UUID.randomUUID(), account, account, null, "+14155550171", "+14155550172",
                "+14155550179", SessionStatus.ACTIVE, true, 14400, 45, false, "mp3", "", "POST", "", "POST", none,
                created, created, created.plusSeconds(expirySeconds), 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null);
    }
}
