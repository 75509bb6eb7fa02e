package dev.veil.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Object Mother of event records built in code, deliberately different from the golden samples (another session,
 * a request-a-call session forcing PINs, a recorded session without options expired through the API, a single-party
 * session missing its first party, an unanswered call, a ringing leg, a failed PIN check), so tests cover more than
 * one shape.
 */
final class TestEvents {

    static final String SESSION_UUID = "0f8e2a64-93c1-4d57-b2e8-6a1d4c9f3e20";
    static final String ACCOUNT_ID = "MAVEILDEMO0000000001";
    /** Parties as events carry them: blind index, country and the number sealed with the event key. */
    static final PartyNumber FIRST_PARTY = new PartyNumber("Gq3vXk0bPz1mT8wR4yNc2A", "US",
            "ev1.mY2c9QdX0rW1bK7pLzT3aF8eHn5uJ4sVqG6oC0iE2yB1dR7wNkPq");
    static final PartyNumber SECOND_PARTY = new PartyNumber("p0LwE7rT2nYc5KxZ9mQa8g", "US",
            "ev1.Tz8bN1qW3eR5tY7uI9oP0aS2dF4gH6jK8lZ1xC3vB5nM7qWe9rTy");
    static final String VIRTUAL_NUMBER = "+14155550188";
    static final String INBOUND_CALL_UUID = "5d0c7a3e-2b91-4f68-8e1a-c4f7b9d20e65";
    static final String OUTBOUND_CALL_UUID = "a81f4e29-7c3d-4b05-96e2-1f8d3a6c5b70";
    static final String RECORDING_ID = "c7e4a1b0-3d92-4f6e-8a15-9b2d0e7c4f61";
    static final Instant CREATED = Instant.parse("2026-03-05T09:30:00.123456Z");
    static final Instant CALL_START = Instant.parse("2026-03-05T09:41:17.500Z");

    private TestEvents() {
    }

    /** An event of the given type; the switch has no default, so a new type does not compile until it has one. */
    static VeilEvent of(EventType type) {
        return switch (type) {
            case SESSION_CREATED -> new SessionCreated(SESSION_UUID, requestACallWithForcedPin(), CREATED);
            case SESSION_UPDATED -> new SessionUpdated(SESSION_UUID, singlePartyWithoutFirstParty(),
                    CREATED.plusSeconds(60));
            case SESSION_EXPIRED -> new SessionExpired(SESSION_UUID, session("expired"), "api",
                    CREATED.plusSeconds(900));
            case INTERACTION_STARTED -> new InteractionStarted(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID,
                    PartyRole.SECOND_PARTY, CALL_START);
            case CALL_LEG_CHANGED -> new CallLegChanged(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID,
                    OUTBOUND_CALL_UUID, PartyRole.FIRST_PARTY, LegDirection.OUTBOUND, LegState.RINGING, null,
                    CALL_START.plusSeconds(2));
            case PIN_AUTHENTICATED -> new PinAuthenticated(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID,
                    PinOutcome.FAILED, 3, CALL_START.plusSeconds(31));
            case CALL_ENDED -> unansweredCall();
            case CALL_BILLED -> new CallBilled(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, new BigDecimal("0.0050"),
                    "USD", 60, 2);
            case SESSION_CHARGED -> new SessionCharged(SESSION_UUID, ACCOUNT_ID, new BigDecimal("0.0100"), "USD");
            case RECORDING_STARTED -> new RecordingStarted(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, RECORDING_ID,
                    "wav", CALL_START.plusSeconds(4));
            case RECORDING_COMPLETED -> new RecordingCompleted(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID,
                    RECORDING_ID, "wav", 0, CALL_START.plusSeconds(4), CALL_START.plusSeconds(4), 44,
                    "https://veil.example.com/v1/Account/" + ACCOUNT_ID + "/Recording/" + RECORDING_ID + "/",
                    "https://veil.example.com/v1/Account/" + ACCOUNT_ID + "/Recording/" + RECORDING_ID + ".wav");
            case RECORDING_FAILED -> new RecordingFailed(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, null,
                    "recording-not-started", CALL_START.plusSeconds(60));
            case RECORDING_DELETED -> new RecordingDeleted(SESSION_UUID, ACCOUNT_ID, INBOUND_CALL_UUID, RECORDING_ID,
                    "retention", CREATED.plusSeconds(90L * 24 * 3600));
            case CALLER_BLOCKED -> new CallerBlocked(ACCOUNT_ID, VIRTUAL_NUMBER, INBOUND_CALL_UUID,
                    "Zx81pQr4TmVb7LkWc2Ne0A", "GB", 5, CALL_START.plusSeconds(900), CALL_START);
        };
    }

    static SessionState session(String status) {
        return new SessionState(ACCOUNT_ID, FIRST_PARTY, SECOND_PARTY, VIRTUAL_NUMBER, status, 3600, 120, CREATED,
                CREATED.plusSeconds(1800), true, "wav");
    }

    /** Request-a-call with every caller, the parties too, asked for a PIN; no play URL, so those are null. */
    static SessionState requestACallWithForcedPin() {
        return new SessionState(ACCOUNT_ID, FIRST_PARTY, SECOND_PARTY, VIRTUAL_NUMBER, "active", 3600, 120, CREATED,
                CREATED.plusSeconds(1800), false, "mp3",
                new RoutingOptions(true, null, null, false, null, 3600,
                        new PinAuthentication("ev1.Qm9uZXlQZW5ueTEyMzQ1Njc4OTAxMjM0NTY3", "ev1.UGluUGluMDA0MjQyNDI0",
                                "https://media.example.com/pin.mp3", 0, 10, null, true)));
    }

    /** Created with only the second party, so the first party is null until an update fills it in. */
    static SessionState singlePartyWithoutFirstParty() {
        return new SessionState(ACCOUNT_ID, null, SECOND_PARTY, VIRTUAL_NUMBER, "in-progress", 3600, 120, CREATED,
                CREATED.plusSeconds(3600), false, "mp3",
                new RoutingOptions(false, null, "https://media.example.com/second.wav", true,
                        "https://media.example.com/unknown.mp3", 60, null));
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
