/**
 * Recorded calls the carrier never reports a recording for: every answered call of a session with
 * {@code record=true} ({@code CallEnded} on {@code veil.call.v1}) is expected to have a recording; when no recording
 * callback came for it within {@code veil.recording.unreported.grace-period}, a job publishes
 * {@code RecordingFailed} with a null {@code recordingId} and reason {@code recording-not-reported}, once.
 */
@NullMarked
package dev.veil.recording.unreported;

import org.jspecify.annotations.NullMarked;
