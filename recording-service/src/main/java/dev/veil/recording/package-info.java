/**
 * recording-service: call recording metadata ({@code metadata}); capture, media storage and retention come next.
 */
@NullMarked
package dev.veil.recording;

import org.jspecify.annotations.NullMarked;
