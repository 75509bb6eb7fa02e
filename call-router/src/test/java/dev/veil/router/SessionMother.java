package dev.veil.router;

import dev.veil.events.PinAuthentication;
import dev.veil.events.RoutingOptions;
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
     * @param uuid    the session uuid
     * @param first   the first party; null in a single-party session without it
     * @param second  the second party; null in a single-party session without it
     * @param record  whether its calls are recorded (as wav)
     * @param options its routing options
     * @param account the account owning it
     */
    public record TestSession(String uuid, PhoneNumber virtualNumber, PhoneNumber first, PhoneNumber second,
            String status, Instant createdTime, Instant expiryTime, boolean record, RoutingOptions options,
            String account) {

        public TestSession(String uuid, PhoneNumber virtualNumber, PhoneNumber first, PhoneNumber second,
                String status, Instant createdTime, Instant expiryTime, boolean record, RoutingOptions options) {
            this(uuid, virtualNumber, first, second, status, createdTime, expiryTime, record, options, ACCOUNT);
        }

        public TestSession(String uuid, PhoneNumber virtualNumber, PhoneNumber first, PhoneNumber second,
                String status, Instant createdTime, Instant expiryTime) {
            this(uuid, virtualNumber, first, second, status, createdTime, expiryTime, false, RoutingOptions.NONE);
        }

        /** The session's routing state, as its events carry it. */
        public SessionState state() {
            return new SessionState(account, first == null ? null : TestKeys.KEYS.party(first),
                    second == null ? null : TestKeys.KEYS.party(second), virtualNumber.e164(), status,
                    CALL_TIME_LIMIT, RING_TIMEOUT, createdTime, expiryTime, record, record ? "wav" : "mp3",
                    sealed(options));
        }

        /** The routing options as events carry them: the PINs sealed with the event key. */
        private static RoutingOptions sealed(RoutingOptions options) {
            PinAuthentication pin = options.pin();
            if (pin == null) {
                return options;
            }
            return new RoutingOptions(options.initiateCallToFirstParty(), options.firstPartyPlayUrl(),
                    options.secondPartyPlayUrl(), options.singleParty(), options.unknownCallerPlay(),
                    options.virtualNumberCooloffPeriod(), new PinAuthentication(
                            TestKeys.KEYS.sealPin(pin.sealedFirstPartyPin()),
                            TestKeys.KEYS.sealPin(pin.sealedSecondPartyPin()), pin.promptPlay(), pin.retry(),
                            pin.retryWait(), pin.incorrectPinPlay(), pin.force()));
        }

        /** The same session, expired. */
        public TestSession expired() {
            return new TestSession(uuid, virtualNumber, first, second, "expired", createdTime, expiryTime, record,
                    options, account);
        }

        /** The same session with another expiry time. */
        public TestSession expiringAt(Instant at) {
            return new TestSession(uuid, virtualNumber, first, second, status, createdTime, at, record, options,
                    account);
        }

        /** The same session with these routing options. */
        public TestSession with(RoutingOptions routing) {
            return new TestSession(uuid, virtualNumber, first, second, status, createdTime, expiryTime, record,
                    routing, account);
        }

        /** The same session, recorded. */
        public TestSession recorded() {
            return new TestSession(uuid, virtualNumber, first, second, status, createdTime, expiryTime, true,
                    options, account);
        }

        /** The same session, of another account. */
        public TestSession of(String otherAccount) {
            return new TestSession(uuid, virtualNumber, first, second, status, createdTime, expiryTime, record,
                    options, otherAccount);
        }

        /** The same session on another virtual number. */
        public TestSession on(PhoneNumber vn) {
            return new TestSession(uuid, vn, first, second, status, createdTime, expiryTime, record, options,
                    account);
        }
    }

    /**
     * PIN authentication with these PINs in clear (sealed by {@link TestSession#state()}), two retries waiting 7 s,
     * and the given force flag.
     */
    public static PinAuthentication pins(String firstPin, String secondPin, boolean force) {
        return new PinAuthentication(firstPin, secondPin, "https://cdn.example.test/pin-prompt.mp3", 2, 7,
                "https://cdn.example.test/incorrect-pin.mp3", force);
    }

    /** Routing options with only PIN authentication set. */
    public static RoutingOptions withPin(PinAuthentication pin) {
        return new RoutingOptions(false, null, null, false, null, 0, pin);
    }
}
