/**
 * Recording metadata: the {@code recordings} table (one row per recording of a call) and the
 * {@code veil.recordings.stored} gauge over it.
 */
@NullMarked
package dev.veil.recording.metadata;

import org.jspecify.annotations.NullMarked;
