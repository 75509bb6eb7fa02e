package dev.veil.recording.metadata;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * One recording of a call, as kept in the {@code recordings} table.
 *
 * @param recordingId the carrier's RecordingID, also Veil's recording id
 * @param callUuid    the recorded call (its inbound A leg, which identifies the interaction)
 * @param format      {@code mp3} or {@code wav}
 * @param durationMs  length, once the carrier reported it
 * @param storagePath where the media is in the store, relative to its root, once stored
 * @param sizeBytes   size of the stored media
 * @param sha256      SHA-256 of the stored media, hex
 * @param storedAt    when the media was stored
 */
public record Recording(
        String recordingId,
        String sessionUuid,
        String accountId,
        String callUuid,
        String format,
        RecordingStatus status,
        @Nullable Long durationMs,
        @Nullable Instant start,
        @Nullable Instant end,
        @Nullable String recordUrl,
        @Nullable String storagePath,
        @Nullable Long sizeBytes,
        @Nullable String sha256,
        @Nullable Instant storedAt) {
}
