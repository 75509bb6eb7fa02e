package dev.veil.billing.rating;

import dev.veil.events.LegDirection;
import dev.veil.platform.money.Money;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an account pays: a tariff per destination country and leg direction, a default tariff for every other leg,
 * and a fee per session created. All in one currency.
 *
 * @param currency      ISO 4217 currency of every rate, fee and charge rated with this card
 * @param sessionFee    charged once per session created (Plivo's session {@code amount}); zero for none; not
 *                      negative, at most {@link Money#SCALE} decimals
 * @param defaultTariff for legs of a country and direction the card does not list, or of an unknown country
 * @param countries     tariffs per country and direction; at most one per pair
 */
public record RateCard(
        Currency currency, BigDecimal sessionFee, Tariff defaultTariff, List<CountryRate> countries) {

    public RateCard {
        if (sessionFee.signum() < 0) {
            throw new IllegalArgumentException("session fee must not be negative");
        }
        if (sessionFee.stripTrailingZeros().scale() > Money.SCALE) {
            throw new IllegalArgumentException("session fee must have at most " + Money.SCALE + " decimals");
        }
        countries = List.copyOf(countries);
        Set<String> seen = new HashSet<>();
        for (CountryRate rate : countries) {
            if (!seen.add(rate.country() + "/" + rate.direction())) {
                throw new IllegalArgumentException("more than one rate for " + rate.country() + " "
                        + rate.direction().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * The plan a leg is rated with: the card's tariff for the leg's country and direction, else its default.
     *
     * @param country   ISO alpha-2 country of the leg's party; null when the carrier did not say
     * @param direction the leg's direction; {@code UNKNOWN} always takes the default
     */
    public RatePlan planFor(@Nullable String country, LegDirection direction) {
        if (country != null) {
            String code = country.toUpperCase(Locale.ROOT);
            for (CountryRate rate : countries) {
                if (rate.country().equals(code) && rate.direction() == direction) {
                    return rate.tariff().in(currency);
                }
            }
        }
        return defaultTariff.in(currency);
    }

    /** The session fee as money, at {@link Money#SCALE}. */
    public Money sessionFeeMoney() {
        return new Money(sessionFee, currency);
    }
}
