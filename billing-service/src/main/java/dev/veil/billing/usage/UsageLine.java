package dev.veil.billing.usage;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Usage of one period, kind, country, direction and currency.
 *
 * @param period        first day of the period (the day, or the first of the month), UTC
 * @param type          {@code call} (call legs) or {@code session_fee}
 * @param country       ISO alpha-2 country of the legs' party; null for session fees and legs of unknown country
 * @param direction     {@code inbound}, {@code outbound} or {@code unknown}; null for session fees
 * @param currency      ISO 4217 code of {@code amount}
 * @param count         legs charged, or sessions charged a fee
 * @param billedSeconds seconds billed over those legs (0 for session fees)
 * @param amount        sum of the charges, at 5 decimal places
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record UsageLine(
        LocalDate period,
        String type,
        @Nullable String country,
        @Nullable String direction,
        String currency,
        long count,
        long billedSeconds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {

    static final String CSV_HEADER = "period,type,country,direction,currency,count,billed_seconds,amount";

    String csv() {
        return Csv.row(period, type, country, direction, currency, count, billedSeconds, amount.toPlainString());
    }
}
