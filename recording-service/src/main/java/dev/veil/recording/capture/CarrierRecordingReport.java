package dev.veil.recording.capture;

import java.time.Instant;

/**
 * What a recording callback of the carrier reported, read from its form and the query Veil put in the Record URLs.
 *
 * @param finished  false for the Record action (recording started, durations {@code -1}), true for the callback
 *                  sent once the media can be fetched
 * @param durationMs length of a finished recording (0 for a started one)
 * @param start      when recording started (the carrier's time; Veil's clock when the carrier did not say)
 * @param end        when it ended, for a finished recording (else equal to {@code start})
 */
record CarrierRecordingReport(
        String sessionUuid,
        String accountId,
        String callUuid,
        String recordingId,
        String recordUrl,
        String format,
        boolean finished,
        long durationMs,
        Instant start,
        Instant end) {
}
