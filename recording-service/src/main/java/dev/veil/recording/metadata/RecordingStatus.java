package dev.veil.recording.metadata;

import java.util.Arrays;

/** Where a recording is in its life; the {@code status} column holds {@link #wire()}. */
public enum RecordingStatus {
    /** The carrier records, or its media is being copied into the store. */
    IN_PROGRESS("in_progress"),
    /** The media is in the store, size and checksum verified. */
    COMPLETED("completed"),
    /** The media could not be copied after the last try. */
    FAILED("failed"),
    /** Deleted by the customer or by retention; the media is gone (or about to be swept). */
    DELETED("deleted");

    private final String wire;

    RecordingStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static RecordingStatus of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown recording status " + wire));
    }
}
