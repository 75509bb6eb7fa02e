package dev.veil.billing.rating;

import dev.veil.platform.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * A flat rate plan: one price per minute for every leg, billed in increments. A leg's billed time is zero when the
 * carrier billed nothing (an unanswered leg), otherwise one initial increment plus as many subsequent increments
 * as cover the rest, so 60/60 rounds a leg up to whole minutes and 1/1 bills it to the second.
 *
 * @param ratePerMinute              price of one billed minute, in {@code currency}; not negative
 * @param currency                   currency of the rate and of every amount
 * @param initialIncrementSeconds    seconds billed for the first block; at least 1
 * @param subsequentIncrementSeconds size of each later block, in seconds; at least 1
 */
public record RatePlan(
        BigDecimal ratePerMinute, Currency currency, int initialIncrementSeconds, int subsequentIncrementSeconds) {

    private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);

    public RatePlan {
        if (ratePerMinute.signum() < 0) {
            throw new IllegalArgumentException("rate per minute must not be negative");
        }
        if (initialIncrementSeconds < 1 || subsequentIncrementSeconds < 1) {
            throw new IllegalArgumentException("billing increments must be at least 1 second");
        }
    }

    /**
     * Rates one leg.
     *
     * @param billDurationSeconds seconds the carrier bills for the leg (its answered time); not negative
     */
    public RatedLeg rate(int billDurationSeconds) {
        if (billDurationSeconds < 0) {
            throw new IllegalArgumentException("bill duration must not be negative: " + billDurationSeconds);
        }
        int billed = billedSeconds(billDurationSeconds);
        // Rounded once per leg, to the stored scale; totals are sums of stored amounts and so stay exact.
        BigDecimal amount = ratePerMinute.multiply(BigDecimal.valueOf(billed))
                .divide(SECONDS_PER_MINUTE, Money.SCALE, RoundingMode.HALF_EVEN);
        return new RatedLeg(billed, new Money(amount, currency));
    }

    private int billedSeconds(int billDuration) {
        if (billDuration == 0) {
            return 0;
        }
        if (billDuration <= initialIncrementSeconds) {
            return initialIncrementSeconds;
        }
        int rest = billDuration - initialIncrementSeconds;
        int blocks = Math.ceilDiv(rest, subsequentIncrementSeconds);
        return Math.addExact(initialIncrementSeconds, Math.multiplyExact(blocks, subsequentIncrementSeconds));
    }
}
