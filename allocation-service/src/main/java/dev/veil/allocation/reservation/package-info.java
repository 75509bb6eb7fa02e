/**
 * Allocation of a virtual number to a new session: the internal {@code POST /internal/v1/allocations} endpoint
 * and the allocator that enforces the reuse rule through the {@code bindings} uniqueness constraint.
 */
@NullMarked
package dev.veil.allocation.reservation;

import org.jspecify.annotations.NullMarked;
