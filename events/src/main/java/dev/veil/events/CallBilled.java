package dev.veil.events;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/**
 * A finished call was charged; published by billing-service exactly once per call.
 *
 * @param callUuid              the inbound (A) leg's id, which identifies the interaction
 * @param amount                the call's charge over all its legs, in {@code currency}, as a decimal string
 * @param currency              ISO 4217 code
 * @param billedDurationSeconds billed seconds over all legs, after billing increments
 * @param legCount              legs charged
 */
public record CallBilled(
        String sessionUuid,
        String accountId,
        String callUuid,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        int billedDurationSeconds,
        int legCount) implements VeilEvent {
}
