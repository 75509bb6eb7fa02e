package dev.veil.billing.rating;

import dev.veil.platform.money.Money;

/**
 * What one leg costs.
 *
 * @param billedSeconds the leg's billed time after billing increments
 * @param amount        the charge, at {@link Money#SCALE} decimal places
 */
public record RatedLeg(int billedSeconds, Money amount) {
}
