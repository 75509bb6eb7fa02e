package dev.veil.session.sessions;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One call in a session, built from call and billing events that may arrive in any order; a field is null until
 * the event that carries it was applied.
 *
 * @param callUuid           the carrier's id of the inbound leg
 * @param startTime          when the call reached Veil ({@code InteractionStarted} or {@code CallEnded})
 * @param endTime            when it ended ({@code CallEnded})
 * @param duration           seconds from start to end ({@code CallEnded})
 * @param totalCallAmount    the call's charge over its legs, USD ({@code CallBilled}; zero before)
 * @param callBilledDuration billed seconds over its legs ({@code CallBilled})
 * @param totalCallCount     legs charged ({@code CallBilled})
 * @param recordingResourceUrl the recording's API resource ({@code RecordingCompleted}); null without one, or
 *                             once it was deleted ({@code RecordingDeleted})
 */
public record Interaction(
        String callUuid,
        @Nullable Instant startTime,
        @Nullable Instant endTime,
        @Nullable Integer duration,
        BigDecimal totalCallAmount,
        int callBilledDuration,
        int totalCallCount,
        @Nullable String recordingResourceUrl) {
}
