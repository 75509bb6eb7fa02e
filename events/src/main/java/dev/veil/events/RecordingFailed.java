package dev.veil.events;

import java.time.Instant;

/**
 * A call that should have been recorded has no recording: the carrier could not record it, or its media could not
 * be copied into Veil's store after the last retry; published by recording-service. session-service sends the
 * customer {@code SessionRecordingFailed}.
 *
 * @param callUuid    the inbound (A) leg's id, which identifies the interaction
 * @param recordingId the carrier's recording id, or null when the carrier never reported one
 * @param reason      why, for operators (never a phone number), for example {@code media-unavailable}
 * @param failedAt    when Veil gave up
 */
public record RecordingFailed(
        String sessionUuid,
        String accountId,
        String callUuid,
        String recordingId,
        String reason,
        Instant failedAt) implements VeilEvent {
}
