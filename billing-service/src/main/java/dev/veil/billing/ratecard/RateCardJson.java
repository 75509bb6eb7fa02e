package dev.veil.billing.ratecard;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.billing.rating.CountryRate;
import dev.veil.billing.rating.RateCard;
import dev.veil.billing.rating.Tariff;
import dev.veil.events.LegDirection;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * A rate card as JSON: the admin API's request and response body and the stored form. Money as decimal strings
 * (numbers are accepted on input). {@code account_id} and {@code source} are only in responses.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RateCardJson(
        @Nullable String accountId,
        @Nullable String source,
        @Nullable String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable BigDecimal sessionFee,
        @JsonProperty("default") @Nullable TariffJson defaultRate,
        @Nullable List<CountryRateJson> countries) {

    private static final int DEFAULT_INCREMENT = 60;

    static RateCardJson of(RateCard card, @Nullable String accountId, @Nullable String source) {
        return new RateCardJson(accountId, source, card.currency().getCurrencyCode(), card.sessionFee(),
                TariffJson.of(card.defaultTariff()),
                card.countries().stream().map(CountryRateJson::of).toList());
    }

    /** The card this JSON describes; throws {@link IllegalArgumentException} saying what is wrong. */
    RateCard toCard() {
        if (currency == null) {
            throw new IllegalArgumentException("currency must be present");
        }
        if (defaultRate == null) {
            throw new IllegalArgumentException("default must be present");
        }
        Currency parsed;
        try {
            parsed = Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
        return new RateCard(parsed, sessionFee == null ? BigDecimal.ZERO : sessionFee, defaultRate.toTariff(),
                countries == null ? List.of() : countries.stream().map(CountryRateJson::toRate).toList());
    }

    private static Tariff tariff(@Nullable BigDecimal rate, @Nullable Integer initial, @Nullable Integer subsequent) {
        if (rate == null) {
            throw new IllegalArgumentException("rate_per_minute must be present");
        }
        return new Tariff(rate, initial == null ? DEFAULT_INCREMENT : initial,
                subsequent == null ? DEFAULT_INCREMENT : subsequent);
    }

    /** A tariff; the increments default to 60 s. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TariffJson(
            @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable BigDecimal ratePerMinute,
            @Nullable Integer initialIncrementSeconds,
            @Nullable Integer subsequentIncrementSeconds) {

        static TariffJson of(Tariff tariff) {
            return new TariffJson(tariff.ratePerMinute(), tariff.initialIncrementSeconds(),
                    tariff.subsequentIncrementSeconds());
        }

        Tariff toTariff() {
            return tariff(ratePerMinute, initialIncrementSeconds, subsequentIncrementSeconds);
        }
    }

    /** The tariff of one country and direction ({@code inbound} or {@code outbound}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CountryRateJson(
            @Nullable String country,
            @Nullable String direction,
            @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable BigDecimal ratePerMinute,
            @Nullable Integer initialIncrementSeconds,
            @Nullable Integer subsequentIncrementSeconds) {

        static CountryRateJson of(CountryRate rate) {
            Tariff t = rate.tariff();
            return new CountryRateJson(rate.country(), rate.direction().name().toLowerCase(Locale.ROOT),
                    t.ratePerMinute(), t.initialIncrementSeconds(), t.subsequentIncrementSeconds());
        }

        CountryRate toRate() {
            if (country == null) {
                throw new IllegalArgumentException("country must be present");
            }
            LegDirection parsed = switch (direction == null ? "" : direction) {
                case "inbound" -> LegDirection.INBOUND;
                case "outbound" -> LegDirection.OUTBOUND;
                default -> throw new IllegalArgumentException("direction must be inbound or outbound");
            };
            return new CountryRate(country, parsed,
                    tariff(ratePerMinute, initialIncrementSeconds, subsequentIncrementSeconds));
        }
    }
}
