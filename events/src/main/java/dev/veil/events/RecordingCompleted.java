package dev.veil.events;

import java.time.Instant;

/**
 * A call's recording is stored in Veil's store, its size and checksum verified; published by recording-service.
 * session-service sets the interaction's {@code recording_resource_url} and sends the customer
 * {@code SessionRecordingCompleted}.
 *
 * @param callUuid        the inbound (A) leg's id, which identifies the interaction
 * @param recordingId     Veil's recording id (the carrier's)
 * @param format          {@code mp3} or {@code wav}
 * @param durationSeconds length of the recording
 * @param startTime       when the recording started
 * @param endTime         when it ended
 * @param sizeBytes       size of the stored media
 * @param resourceUrl     the recording's API resource ({@code .../v1/Account/{auth_id}/Recording/{id}/})
 * @param mediaUrl        where the media is downloaded ({@code .../v1/Account/{auth_id}/Recording/{id}.mp3})
 */
public record RecordingCompleted(
        String sessionUuid,
        String accountId,
        String callUuid,
        String recordingId,
        String format,
        long durationSeconds,
        Instant startTime,
        Instant endTime,
        long sizeBytes,
        String resourceUrl,
        String mediaUrl) implements VeilEvent {
}
