package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/**
 * A session's creation fee was charged (Plivo's session {@code amount}; zero-fee sessions are not charged);
 * published by billing-service once per session. session-service adds it to {@code total_session_amount}.
 *
 * @param amount   the fee, in {@code currency}, as a decimal string
 * @param currency ISO 4217 code
 */
public record SessionCharged(
        String sessionUuid, String accountId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency) implements VeilEvent {
}
