/**
 * The routing index: every live session's routes (virtual number + caller to session) held in memory, rebuilt
 * from the compacted {@code veil.session.v2} at start-up and kept current from it, with session-service asked on a
 * miss so that a call placed right after its session was created still connects.
 */
@NullMarked
package dev.veil.router.index;

import org.jspecify.annotations.NullMarked;
