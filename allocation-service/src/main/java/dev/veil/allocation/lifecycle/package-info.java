/**
 * An allocation's life after it was reserved: confirmed by {@code SessionCreated}, released by
 * {@code SessionExpired} (at once, or after its cool-off by the cool-off release job; at once whatever the cool-off
 * when a data erasure named one of its parties), and released by the reaper when its session was never created.
 */
@NullMarked
package dev.veil.allocation.lifecycle;

import org.jspecify.annotations.NullMarked;
