package dev.veil.router;

import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Sessions for tests: a live two-party session on its own virtual number unless told otherwise. */
public final class SessionMother {

    public static final String ACCOUNT = "MAVEILDEMO0000000001";
    public static final int CALL_TIME_LIMIT = 3600;
    public static final int RING_TIMEOUT = 45;

    private SessionMother() {
    }

    /** A live session between two US numbers. */
    public static TestSession live() {
        return live(TestNumbers.us(), TestNumbers.us());
    }

    /** A live session between these parties, expiring in an hour. */
    public static TestSession live(PhoneNumber first, PhoneNumber second) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TestSession(UUID.randomUUID().toString(), TestNumbers.us(), first, second, "active",
                now.minusSeconds(5), now.plus(Duration.ofHours(1)));
    }

    /**
     * A test session.
     *
     * @param uuid the session uuid
     */
    public record TestSession(String uuid, PhoneNumber virtualNumber, PhoneNumber first, PhoneNumber second,
            String status, Instant createdTime, Instant expiryTime) {

        /** The session's routing state, as its events carry it. */
        public SessionState state() {
            return new SessionState(ACCOUNT, first.e164(), second.e164(), virtualNumber.e164(), status,
                    CALL_TIME_LIMIT, RING_TIMEOUT, createdTime, expiryTime, false, "mp3");
        }

        /** The same session, expired. */
        public TestSession expired() {
            return new TestSession(uuid, virtualNumber, first, second, "expired", createdTime, expiryTime);
        }

        /** The same session with another expiry time. */
        public TestSession expiringAt(Instant at) {
            return new TestSession(uuid, virtualNumber, first, second, status, createdTime, at);
        }
    }
}
