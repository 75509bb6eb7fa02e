package dev.veil.session.interactions;

import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.PartyRole;
import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingDeleted;
import dev.veil.events.InteractionStarted;
import dev.veil.events.SessionCharged;
import dev.veil.session.callbacks.CallbackRecorder;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Applies call and billing events to interactions and sessions. Every write is an upsert keyed by the call's
 * inbound leg id, so {@code CallBilled} (on the billing topic) may come before {@code CallEnded} or even
 * {@code InteractionStarted} (on the call topic) and the outcome is the same. A session is {@code in-progress}
 * while one of its interactions has started and not ended, and never leaves {@code expired}.
 */
final class InteractionProjector {

    private final DatabaseClient db;

    InteractionProjector(DatabaseClient db) {
        this.db = db;
    }

    /** Records the interaction's start and marks the session in progress. */
    Mono<Void> started(InteractionStarted event) {
        UUID session = UUID.fromString(event.sessionUuid());
        Mono<Void> interaction = db.sql("""
                        INSERT INTO interactions (call_uuid, session_uuid, start_time)
                        VALUES (:call, :session, :start)
                        ON CONFLICT (call_uuid) DO UPDATE
                        SET start_time = COALESCE(interactions.start_time, EXCLUDED.start_time)""")
                .bind("call", event.callUuid()).bind("session", session).bind("start", utc(event.startTime()))
                .then();
        Mono<Void> status = db.sql("""
                        UPDATE sessions SET status = 'in-progress'
                        WHERE session_uuid = :session AND status = 'active'
                          AND EXISTS (SELECT 1 FROM interactions i WHERE i.session_uuid = :session
                                      AND i.start_time IS NOT NULL AND i.end_time IS NULL)""")
                .bind("session", session)
                .then();
        return interaction.then(status);
    }

    /**
     * Records the interaction's end and duration, moves the session's {@code last_interaction_time} forward, and
     * makes the session active again once no other interaction is under way.
     */
    Mono<Void> ended(CallEnded event) {
        UUID session = UUID.fromString(event.sessionUuid());
        long duration = Math.max(0, Duration.between(event.startTime(), event.endTime()).toSeconds());
        // The first leg is the caller's: its party and hangup cause are kept for SessionPartiesHangup.
        CallLeg callerLeg = event.legs().isEmpty() ? null : event.legs().getFirst();
        var upsert = db.sql("""
                        INSERT INTO interactions (call_uuid, session_uuid, start_time, end_time, duration, caller_role,
                                                  hangup_cause)
                        VALUES (:call, :session, :start, :end, :duration, :caller, :cause)
                        ON CONFLICT (call_uuid) DO UPDATE
                        SET start_time = COALESCE(interactions.start_time, EXCLUDED.start_time),
                            end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
                            caller_role = EXCLUDED.caller_role, hangup_cause = EXCLUDED.hangup_cause""")
                .bind("call", event.callUuid()).bind("session", session)
                .bind("start", utc(event.startTime())).bind("end", utc(event.endTime()))
                .bind("duration", (int) duration);
        upsert = callerLeg == null || callerLeg.party() == PartyRole.UNKNOWN ? upsert.bindNull("caller", String.class)
                : upsert.bind("caller", CallbackRecorder.roleName(callerLeg.party()));
        upsert = callerLeg == null || callerLeg.hangupCause() == null || callerLeg.hangupCause().isEmpty()
                ? upsert.bindNull("cause", String.class) : upsert.bind("cause", callerLeg.hangupCause());
        Mono<Void> interaction = upsert.then();
        Mono<Void> sessionRow = db.sql("""
                        UPDATE sessions
                        SET last_interaction_time = GREATEST(last_interaction_time, :end),
                            status = CASE WHEN status = 'in-progress' AND NOT EXISTS (
                                              SELECT 1 FROM interactions i WHERE i.session_uuid = :session
                                              AND i.start_time IS NOT NULL AND i.end_time IS NULL)
                                          THEN 'active' ELSE status END
                        WHERE session_uuid = :session""")
                .bind("session", session).bind("end", utc(event.endTime()))
                .then();
        return interaction.then(sessionRow);
    }

    /**
     * Records the call's charge on its interaction and adds it to the session's totals. A call is added to the
     * totals once even if billing published its charge twice under different event ids: only the first charge of
     * a call flips the interaction's {@code billed} flag.
     */
    Mono<Void> billed(CallBilled event) {
        UUID session = UUID.fromString(event.sessionUuid());
        Mono<Boolean> firstCharge = db.sql("""
                        INSERT INTO interactions (call_uuid, session_uuid, billed, total_call_amount,
                                                  call_billed_duration, total_call_count)
                        VALUES (:call, :session, true, :amount, :billed, :legs)
                        ON CONFLICT (call_uuid) DO UPDATE
                        SET billed = true, total_call_amount = EXCLUDED.total_call_amount,
                            call_billed_duration = EXCLUDED.call_billed_duration,
                            total_call_count = EXCLUDED.total_call_count
                        WHERE NOT interactions.billed""")
                .bind("call", event.callUuid()).bind("session", session).bind("amount", event.amount())
                .bind("billed", event.billedDurationSeconds()).bind("legs", event.legCount())
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
        Mono<Void> totals = db.sql("""
                        UPDATE sessions
                        SET total_call_count = total_call_count + 1,
                            total_call_amount = total_call_amount + :amount,
                            total_call_billed_duration = total_call_billed_duration + :billed
                        WHERE session_uuid = :session""")
                .bind("session", session).bind("amount", event.amount())
                .bind("billed", (long) event.billedDurationSeconds())
                .then();
        return firstCharge.flatMap(first -> first ? totals : Mono.empty());
    }

    /**
     * Records the session's fee, which {@code total_session_amount} adds to the calls' charges. billing-service
     * charges a session once, so the fee is set rather than added: a redelivery cannot count it twice.
     */
    Mono<Void> charged(SessionCharged event) {
        return db.sql("UPDATE sessions SET session_fees = :amount WHERE session_uuid = :session")
                .bind("amount", event.amount()).bind("session", UUID.fromString(event.sessionUuid()))
                .then();
    }

    /**
     * Points the interaction at its recording's API resource. An upsert, so a recording that overtakes the call
     * events is kept.
     */
    Mono<Void> recordingCompleted(RecordingCompleted event) {
        return db.sql("""
                        INSERT INTO interactions (call_uuid, session_uuid, recording_resource_url)
                        VALUES (:call, :session, :url)
                        ON CONFLICT (call_uuid) DO UPDATE SET recording_resource_url = EXCLUDED.recording_resource_url""")
                .bind("call", event.callUuid()).bind("session", UUID.fromString(event.sessionUuid()))
                .bind("url", event.resourceUrl())
                .then();
    }

    /** Forgets the recording resource of the interaction: the recording is gone. */
    Mono<Void> recordingDeleted(RecordingDeleted event) {
        return db.sql("UPDATE interactions SET recording_resource_url = NULL WHERE call_uuid = :call")
                .bind("call", event.callUuid())
                .then();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
