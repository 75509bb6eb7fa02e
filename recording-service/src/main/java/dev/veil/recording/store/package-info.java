/**
 * Veil's store of recording media ({@link dev.veil.recording.store.MediaStore}): a local directory by default, an
 * S3-compatible object store when {@code veil.recording.store.type=s3}.
 */
@NullMarked
package dev.veil.recording.store;

import org.jspecify.annotations.NullMarked;
