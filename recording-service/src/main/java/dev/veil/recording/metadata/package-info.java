/**
 * Recording metadata: the {@code recordings} table (one row per recording of a call), the
 * {@code recording_downloads} table (media copies still to make) and the {@code veil.recordings.stored} and
 * {@code veil.recordings.bytes} gauges over them.
 */
@NullMarked
package dev.veil.recording.metadata;

import org.jspecify.annotations.NullMarked;
