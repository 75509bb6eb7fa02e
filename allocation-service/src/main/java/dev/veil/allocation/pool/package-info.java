/**
 * The virtual number pool: numbers seeded from configuration, the public pool API
 * ({@code /v1/Account/{auth_id}/Masking/Number}, authenticated per account: add, assign to a subaccount, list with
 * utilisation, retire), the {@code GET /internal/v1/numbers} listing and the pool
 * gauges.
 */
@NullMarked
package dev.veil.allocation.pool;

import org.jspecify.annotations.NullMarked;
