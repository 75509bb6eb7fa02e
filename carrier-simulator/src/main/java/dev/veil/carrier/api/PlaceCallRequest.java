package dev.veil.carrier.api;

import dev.veil.carrier.call.CallOrder;
import dev.veil.carrier.call.Callee;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * Body of {@code POST /sim/v1/calls}.
 *
 * @param from        the caller's number, E.164 with or without {@code +}; required
 * @param to          the number called (a virtual number of the application); required
 * @param talkSeconds how long the parties talk once bridged; default {@value #DEFAULT_TALK_SECONDS}
 * @param ringSeconds how long the dialled phone rings before it is answered; default
 *                    {@code veil.simulator.ring-time}
 * @param callee      {@code answer} (default), {@code busy} or {@code no-answer}; applies to a dialled phone without
 *                    a script (a scripted phone behaves as its script says)
 * @param digits      the keys the caller types at each {@code GetDigits} prompt: a string, or a list of strings
 *                    for successive prompts; default the caller's phone script's digits
 */
record PlaceCallRequest(@Nullable String from, @Nullable String to, @Nullable Integer talkSeconds,
        @Nullable Integer ringSeconds, @Nullable String callee, @Nullable Object digits) {

    static final int DEFAULT_TALK_SECONDS = 60;
    /** A day: Plivo cuts every call at 24 hours. */
    static final int MAX_TALK_SECONDS = 86_400;
    static final int MAX_RING_SECONDS = 3_600;

    /**
     * The call to place.
     *
     * @throws BadRequestException naming the first invalid field
     */
    CallOrder toOrder(Duration defaultRing) {
        PhoneNumber caller = number("from", from);
        PhoneNumber called = number("to", to);
        int talk = seconds("talk_seconds", talkSeconds, DEFAULT_TALK_SECONDS, MAX_TALK_SECONDS);
        int ring = seconds("ring_seconds", ringSeconds, (int) defaultRing.toSeconds(), MAX_RING_SECONDS);
        Callee behaviour = callee == null ? Callee.ANSWER : Callee.fromWire(callee).orElseThrow(
                () -> new BadRequestException("callee must be one of answer, busy, no-answer."));
        return new CallOrder(caller, called, talk, ring, behaviour, Digits.parse(digits));
    }

    static PhoneNumber number(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            throw new BadRequestException(field + " is required: a phone number in E.164 format, e.g. +14155550100.");
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            throw new BadRequestException(field + " is not a valid phone number in E.164 format.");
        }
    }

    static int seconds(String field, @Nullable Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > max) {
            throw new BadRequestException(field + " must be a whole number of seconds from 0 to " + max + ".");
        }
        return value;
    }
}
