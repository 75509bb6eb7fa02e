/**
 * Rate cards per account: the stored cards and the default from configuration ({@code RateCards}), and the
 * rate-card admin API under {@code /admin/v1/rate-cards} behind HTTP Basic admin credentials.
 */
@NullMarked
package dev.veil.billing.ratecard;

import org.jspecify.annotations.NullMarked;
