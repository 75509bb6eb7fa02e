package dev.veil.billing;

import dev.veil.billing.rating.RatePlan;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Settings of billing-service ({@code veil.billing.*}): the one rate plan every leg is rated with. A change applies
 * to legs rated after the restart; charges already stored keep the rate they were rated at.
 *
 * @param ratePerMinute              price of one minute of one leg, in {@code currency}; default {@code 0.0050}.
 *                                   Must not be negative
 * @param currency                   ISO 4217 code of the rate and of every charge; default {@code USD}
 * @param initialIncrementSeconds    seconds billed for the first block of an answered leg, however short; default
 *                                   60. Must be at least 1
 * @param subsequentIncrementSeconds size in seconds of every later block; the time after the first block is
 *                                   rounded up to a whole number of these; default 60. Must be at least 1. With
 *                                   60/60 a 65 s leg bills 120 s; with 1/1 a leg bills its exact duration
 */
@ConfigurationProperties("veil.billing")
public record BillingProperties(
        @DefaultValue("0.0050") BigDecimal ratePerMinute,
        @DefaultValue("USD") Currency currency,
        @DefaultValue("60") int initialIncrementSeconds,
        @DefaultValue("60") int subsequentIncrementSeconds) {

    public BillingProperties {
        try {
            new RatePlan(ratePerMinute, currency, initialIncrementSeconds, subsequentIncrementSeconds);
        } catch (IllegalArgumentException e) {
            // Fails start-up with the settings' name rather than at the first call rated.
            throw new IllegalArgumentException("veil.billing: " + e.getMessage(), e);
        }
    }

    /** The rate plan these settings describe. */
    public RatePlan ratePlan() {
        return new RatePlan(ratePerMinute, currency, initialIncrementSeconds, subsequentIncrementSeconds);
    }
}
