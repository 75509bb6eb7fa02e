package dev.veil.carrier.recording;

import dev.veil.carrier.SimulatorProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The finished recordings, by RecordingID, bounded like the calls ({@code veil.simulator.max-calls}; the oldest
 * are forgotten first), and whether their media can be fetched at the moment.
 */
@Component
public class Recordings {

    private final int capacity;
    private final String mediaBaseUrl;
    private final LinkedHashMap<String, Recording> recordings = new LinkedHashMap<>();
    private volatile @Nullable Integer unavailableStatus;

    Recordings(SimulatorProperties properties) {
        this.capacity = properties.maxCalls();
        this.mediaBaseUrl = properties.publicUrl().replaceAll("/+$", "") + "/sim/v1/recordings/";
    }

    /** Where the media of this recording is (or will be) served. */
    public String urlOf(String recordingId, String fileFormat) {
        return mediaBaseUrl + recordingId + "." + fileFormat;
    }

    /** Makes a finished recording's media fetchable. */
    public synchronized void add(Recording recording) {
        recordings.put(recording.recordingId(), recording);
        while (recordings.size() > capacity) {
            recordings.pollFirstEntry();
        }
    }

    public synchronized Optional<Recording> get(String recordingId) {
        return Optional.ofNullable(recordings.get(recordingId));
    }

    /** Every media request answers {@code status} until {@link #makeAvailable()}. */
    void makeUnavailable(int status) {
        unavailableStatus = status;
    }

    void makeAvailable() {
        unavailableStatus = null;
    }

    /** The status media requests answer while unavailable, or null when media is served. */
    @Nullable Integer unavailableStatus() {
        return unavailableStatus;
    }
}
