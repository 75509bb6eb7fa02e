/**
 * Deleting recordings, on the customer's request and when their retention ends (per account, default 90 days):
 * the row is marked deleted with {@code RecordingDeleted}, the media is removed from the store, and a purge job
 * enforces retention and finishes removals a crash interrupted.
 */
@NullMarked
package dev.veil.recording.retention;

import org.jspecify.annotations.NullMarked;
