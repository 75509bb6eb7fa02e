package dev.veil.billing.rating;

import dev.veil.events.LegDirection;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The tariff of the legs of one direction to or from one country.
 *
 * @param country   ISO 3166 alpha-2 code of the leg's party, upper case
 * @param direction {@code INBOUND} (the caller's leg into the virtual number) or {@code OUTBOUND} (the leg Veil
 *                  dials to the other party)
 * @param tariff    what those legs cost
 */
public record CountryRate(String country, LegDirection direction, Tariff tariff) {

    private static final Pattern ALPHA_2 = Pattern.compile("[A-Z]{2}");

    public CountryRate {
        country = country.toUpperCase(Locale.ROOT);
        if (!ALPHA_2.matcher(country).matches()) {
            throw new IllegalArgumentException("country must be an ISO 3166 alpha-2 code");
        }
        if (direction == LegDirection.UNKNOWN) {
            throw new IllegalArgumentException("direction must be inbound or outbound");
        }
    }
}
