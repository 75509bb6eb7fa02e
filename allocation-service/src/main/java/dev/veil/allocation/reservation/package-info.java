/**
 * Allocation of a virtual number to a new session: the internal {@code POST /internal/v1/allocations} endpoint,
 * the allocator that enforces the reuse rule (parties, PINs, "any caller") through the {@code bindings} uniqueness
 * constraint, and the {@link dev.veil.allocation.reservation.PackingStrategy} that orders its candidates.
 */
@NullMarked
package dev.veil.allocation.reservation;

import org.jspecify.annotations.NullMarked;
