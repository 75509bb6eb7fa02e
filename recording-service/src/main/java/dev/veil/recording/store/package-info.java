/**
 * Veil's store of recording media: a local directory ({@link dev.veil.recording.store.MediaStore}).
 */
@NullMarked
package dev.veil.recording.store;

import org.jspecify.annotations.NullMarked;
