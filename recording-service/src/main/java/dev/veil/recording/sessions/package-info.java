/**
 * What recording-service follows of sessions ({@code veil.session.v2}): whether a session records (so its calls
 * are expected to have recordings), and erasure: a session expired by a data-erasure request ({@code SessionExpired}
 * reason {@code erased}) has its recordings and media deleted, with {@code RecordingDeleted(reason=erasure)} for
 * each.
 */
@NullMarked
package dev.veil.recording.sessions;

import org.jspecify.annotations.NullMarked;
