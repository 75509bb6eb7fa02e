package dev.veil.events;

import java.time.Instant;

/**
 * A recording and its media are gone from Veil's store; published by recording-service. session-service clears the
 * interaction's {@code recording_resource_url}.
 *
 * @param callUuid    the inbound (A) leg's id, which identifies the interaction
 * @param recordingId Veil's recording id
 * @param reason      {@code api} (deleted by the customer), {@code retention} (its retention ended) or
 *                    {@code erasure} (a data-erasure request)
 * @param deletedAt   when it was deleted
 */
public record RecordingDeleted(
        String sessionUuid,
        String accountId,
        String callUuid,
        String recordingId,
        String reason,
        Instant deletedAt) implements VeilEvent {
}
