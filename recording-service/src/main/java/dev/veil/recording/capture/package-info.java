/**
 * Capture: the carrier's signed recording callbacks ({@code POST /carrier/plivo/recording}), which record the
 * recording and schedule its media's copy, and the durable download job that copies the media into Veil's store
 * with retries. Publishes {@code RecordingStarted}, {@code RecordingCompleted} and {@code RecordingFailed}.
 */
@NullMarked
package dev.veil.recording.capture;

import org.jspecify.annotations.NullMarked;
