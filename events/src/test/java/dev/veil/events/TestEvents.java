package dev.veil.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Object Mother of event records built in code, deliberately different from the golden samples (another session,
 * a PIN-less recorded session expired through the API, an unanswered call), so tests cover more than one shape.
 */
final class TestEvents {

    static final String SESSION_UUID = "0f8e2a64-93c1-4d57-b2e8-6a1d4c9f3e20";
    static final String ACCOUNT_ID = "MAVEILDEMO0000000001";
    static final String FIRST_PARTY = "+14155550102";
    static final String SECOND_PARTY = "+12125550147";
    static final String VIRTUAL_NUMBER = "+14155550188";
    static final String INBOUND_CALL_UUID = "5d0c7a3e-2b91-4f68-8e1a-c4f7b9d20e65";
    static final String OUTBOUND_CALL_UUID = "a81f4e29-7c3d-4b05-96e2-1f8d3a6c5b70";
    static final Instant CREATED = Instant.parse("2026-03-05T09:30:00.123456Z");
    static final Instant CALL_START = Instant.parse("2026-03-05T09:41:17.500Z");

    private TestEvents() {
    }

    /** An event of the given type; the switch has no default, so a new type does not compile until it has one. */
    static VeilEvent of(EventType type) {
        return switch (type) {
            case SESSION_CREATED -> new SessionCreated(SESSION_UUID, session("active"), CREATED);
            case SESSION_EXPIRED -> new SessionExpired(SESSION_UUID, session("expired"), "api",
                    CREATED.plusSeconds(900));
            case INTERACTION_STARTED -> new InteractionStarted(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID,
                    PartyRole.SECOND_PARTY, CALL_START);
            case CALL_ENDED -> unansweredCall();
            case CALL_BILLED -> new CallBilled(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, new BigDecimal("0.0050"),
                    "USD", 60, 2);
        };
    }

    static SessionState session(String status) {
        return new SessionState(ACCOUNT_ID, FIRST_PARTY, SECOND_PARTY, VIRTUAL_NUMBER, status, 3600, 120, CREATED,
                CREATED.plusSeconds(1800), true, "wav");
    }

    /** The second party called, the first party never answered: the outbound leg has zero durations. */
    static CallEnded unansweredCall() {
        return new CallEnded(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, CALL_START, CALL_START.plusSeconds(47),
                List.of(
                        new CallLeg(INBOUND_CALL_UUID, LegDirection.INBOUND, PartyRole.SECOND_PARTY, "US", 47, 47,
                                "NORMAL_CLEARING"),
                        new CallLeg(OUTBOUND_CALL_UUID, LegDirection.OUTBOUND, PartyRole.FIRST_PARTY, "US", 0, 0,
                                "NO_ANSWER")));
    }
}
