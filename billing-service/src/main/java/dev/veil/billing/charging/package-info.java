/**
 * Charging of finished calls: the {@code CallEnded} consumer, one charge row per leg (exactly once, keyed by the
 * leg's carrier call id), one {@code CallBilled} per call through the outbox, and the internal charges listing.
 */
@NullMarked
package dev.veil.billing.charging;

import org.jspecify.annotations.NullMarked;
