/**
 * An allocation's life after it was reserved: confirmed by {@code SessionCreated}, released by
 * {@code SessionExpired}, and released by the reaper when its session was never created.
 */
@NullMarked
package dev.veil.allocation.lifecycle;

import org.jspecify.annotations.NullMarked;
