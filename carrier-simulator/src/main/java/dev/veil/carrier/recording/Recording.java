package dev.veil.carrier.recording;

/**
 * One finished recording.
 *
 * @param recordingId the RecordingID the application was told
 * @param callUuid    the CallUUID of the call it belongs to
 * @param fileFormat  {@code mp3} or {@code wav}
 * @param recordUrl   where its media is served (the RecordUrl the application was told)
 * @param durationMs  its length in milliseconds
 * @param startMs     when it started, epoch milliseconds of the simulated clock
 * @param endMs       when it ended, epoch milliseconds of the simulated clock
 */
public record Recording(String recordingId, String callUuid, String fileFormat, String recordUrl, long durationMs,
        long startMs, long endMs) {

    /** Its length in whole seconds, as {@code RecordingDuration} reports it. */
    public long durationSeconds() {
        return durationMs / 1000;
    }
}
