package dev.veil.events;

import java.time.Instant;

/**
 * The carrier started recording a call (the parties are connected); published by recording-service when the
 * carrier's Record action reports the recording id. session-service sends the customer
 * {@code SessionRecordingInitiated}.
 *
 * @param callUuid    the inbound (A) leg's id, which identifies the interaction
 * @param recordingId the carrier's recording id, also Veil's recording id
 * @param format      {@code mp3} or {@code wav}
 * @param startedAt   when the recording started
 */
public record RecordingStarted(
        String sessionUuid,
        String accountId,
        String callUuid,
        String recordingId,
        String format,
        Instant startedAt) implements VeilEvent {
}
