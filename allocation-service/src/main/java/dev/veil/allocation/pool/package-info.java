/**
 * The virtual number pool: numbers seeded from configuration, the {@code GET /internal/v1/numbers} listing and the
 * pool size gauge.
 */
@NullMarked
package dev.veil.allocation.pool;

import org.jspecify.annotations.NullMarked;
