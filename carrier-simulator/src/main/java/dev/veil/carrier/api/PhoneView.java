package dev.veil.carrier.api;

import dev.veil.carrier.call.Callee;
import dev.veil.carrier.phones.PhoneScript;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** A phone's script as {@code PUT /sim/v1/phones/{number}} answers it, with the number in E.164. */
record PhoneView(String number, Callee answer, @Nullable Integer answerAfterSeconds,
        @Nullable Integer hangUpAfterSeconds, List<String> digits) {

    static PhoneView of(String number, PhoneScript script) {
        return new PhoneView(number, script.answer(), script.answerAfterSeconds(), script.hangUpAfterSeconds(),
                script.digits());
    }
}
