package dev.veil.router.call;

import org.jspecify.annotations.Nullable;

/**
 * What Veil answered to a webhook that asked what to do (answer, PIN digits), as the webhook log keeps it.
 *
 * @param instruction what the carrier was told, repeated to a repeated webhook
 * @param connected   the bridged call when the instruction bridges it, else null
 * @param pinCheck    the PIN check under way when the instruction asks for a PIN, else null
 */
record CallStep(CallInstruction instruction, @Nullable ConnectedCall connected, @Nullable PinCheck pinCheck) {

    static CallStep of(CallInstruction instruction) {
        return new CallStep(instruction, null, null);
    }
}
