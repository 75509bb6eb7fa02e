package dev.veil.session.api;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Value formats of Plivo's JSON responses. */
final class PlivoJson {

    /** Go's {@code time.String()} form, which Plivo's responses use: {@code 2024-01-03 13:35:51 +0000 UTC}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    private PlivoJson() {
    }

    /** A timestamp, or {@code ""} for none (as Plivo shows {@code last_interaction_time} before any call). */
    static String time(@Nullable Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** A number without trailing zeros or an exponent: {@code 0}, {@code 0.02}, {@code 10}. */
    static BigDecimal amount(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A number as Plivo shows it inside a session: E.164 without the {@code +}. */
    static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }
}
