package dev.veil.carrier.phones;

import dev.veil.carrier.call.Callee;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * How one simulated phone behaves, as {@code PUT /sim/v1/phones/{number}} sets it.
 *
 * @param answer             what the phone does when it rings
 * @param answerAfterSeconds how long it rings before its owner picks up, or null for
 *                           {@code veil.simulator.ring-time}
 * @param hangUpAfterSeconds when this phone is called: its owner hangs up after this many seconds of bridged
 *                           talk, or null to leave it to the other side
 * @param digits             the keys its owner types at each successive {@code GetDigits} prompt of one call,
 *                           e.g. {@code ["0000#", "1234#"]}; an empty entry types nothing at that prompt
 */
public record PhoneScript(Callee answer, @Nullable Integer answerAfterSeconds, @Nullable Integer hangUpAfterSeconds,
        List<String> digits) {

    /** A phone nobody scripted: it answers after the configured ring time and types nothing. */
    public static final PhoneScript DEFAULT = new PhoneScript(Callee.ANSWER, null, null, List.of());

    public PhoneScript {
        digits = List.copyOf(digits);
    }
}
