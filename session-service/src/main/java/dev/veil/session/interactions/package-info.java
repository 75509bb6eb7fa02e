/**
 * Call and billing events applied to sessions: interactions, the session's in-progress status and its totals.
 * Each event is applied once (platform's idempotent consumer), and the effects are upserts, so call and billing
 * events may arrive in any order relative to each other.
 */
@NullMarked
package dev.veil.session.interactions;

import org.jspecify.annotations.NullMarked;
