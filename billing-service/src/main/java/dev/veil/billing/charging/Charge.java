package dev.veil.billing.charging;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The charge of one call leg, as stored in {@code charges} and listed by {@code GET /internal/v1/charges}.
 *
 * @param callUuid            the leg's carrier call id; a leg is charged at most once
 * @param sessionUuid         the session the call belongs to
 * @param accountId           the account charged
 * @param interactionCallUuid the call (inbound leg id) this leg is part of
 * @param direction           {@code inbound}, {@code outbound} or {@code unknown}
 * @param country             ISO 3166 alpha-2 country of the leg's party, when known
 * @param billDuration        seconds the carrier billed
 * @param billedSeconds       seconds charged, after billing increments
 * @param rate                price per minute the leg was rated at
 * @param amount              the charge, at 5 decimal places
 * @param currency            ISO 4217 code of rate and amount
 * @param chargedAt           when the leg was charged
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Charge(
        String callUuid,
        String sessionUuid,
        String accountId,
        String interactionCallUuid,
        String direction,
        @Nullable String country,
        int billDuration,
        int billedSeconds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        Instant chargedAt) {
}
