package dev.veil.carrier.api;

import dev.veil.carrier.call.Callee;
import dev.veil.carrier.phones.PhoneScript;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PUT /sim/v1/phones/{number}}.
 *
 * @param answer             {@code answer} (default), {@code busy} or {@code no-answer}
 * @param answerAfterSeconds seconds the phone rings before it is picked up; default {@code veil.simulator.ring-time}
 * @param hangUpAfterSeconds when called, its owner hangs up after this many seconds of talk; default: the other
 *                           side decides
 * @param digits             keys typed at each {@code GetDigits} prompt: a string or a list of strings
 */
record PhoneScriptRequest(@Nullable String answer, @Nullable Integer answerAfterSeconds,
        @Nullable Integer hangUpAfterSeconds, @Nullable Object digits) {

    PhoneScript toScript() {
        Callee behaviour = answer == null ? Callee.ANSWER : Callee.fromWire(answer).orElseThrow(
                () -> new BadRequestException("answer must be one of answer, busy, no-answer."));
        Integer ring = answerAfterSeconds == null ? null : PlaceCallRequest.seconds("answer_after_seconds",
                answerAfterSeconds, 0, PlaceCallRequest.MAX_RING_SECONDS);
        Integer talk = hangUpAfterSeconds == null ? null : PlaceCallRequest.seconds("hang_up_after_seconds",
                hangUpAfterSeconds, 0, PlaceCallRequest.MAX_TALK_SECONDS);
        return new PhoneScript(behaviour, ring, talk, Digits.parse(digits));
    }
}
