package dev.veil.billing.rating;

import dev.veil.platform.money.Money;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * A price per minute and its billing increments, in the currency of the rate card it belongs to.
 *
 * @param ratePerMinute              price of one billed minute; not negative, at most {@link Money#SCALE} decimals
 * @param initialIncrementSeconds    seconds billed for the first block of an answered leg; at least 1
 * @param subsequentIncrementSeconds size of each later block, in seconds; at least 1
 */
public record Tariff(BigDecimal ratePerMinute, int initialIncrementSeconds, int subsequentIncrementSeconds) {

    public Tariff {
        if (ratePerMinute.stripTrailingZeros().scale() > Money.SCALE) {
            throw new IllegalArgumentException("rate per minute must have at most " + Money.SCALE + " decimals");
        }
        // The same rules as RatePlan's, checked here so a card is refused when it is stored, not when used.
        if (ratePerMinute.signum() < 0) {
            throw new IllegalArgumentException("rate per minute must not be negative");
        }
        if (initialIncrementSeconds < 1 || subsequentIncrementSeconds < 1) {
            throw new IllegalArgumentException("billing increments must be at least 1 second");
        }
    }

    /** This tariff in {@code currency}, ready to rate legs. */
    public RatePlan in(Currency currency) {
        return new RatePlan(ratePerMinute, currency, initialIncrementSeconds, subsequentIncrementSeconds);
    }
}
