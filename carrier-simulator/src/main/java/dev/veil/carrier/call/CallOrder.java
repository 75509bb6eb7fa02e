package dev.veil.carrier.call;

import dev.veil.platform.phone.PhoneNumber;

import java.util.List;

/**
 * A validated request to place one simulated inbound call.
 *
 * @param from        the caller's phone
 * @param to          the number called, normally one of the application's virtual numbers
 * @param talkSeconds how long the caller talks once bridged, before a Dial's {@code timeLimit} cuts it or the
 *                    dialled phone's script hangs up first
 * @param ringSeconds how long an unscripted dialled phone rings before it is picked up (when it is)
 * @param callee      how an unscripted dialled phone behaves
 * @param digits      the keys the caller types at each successive {@code GetDigits} prompt; when empty, the
 *                    caller's phone script's digits
 */
public record CallOrder(PhoneNumber from, PhoneNumber to, int talkSeconds, int ringSeconds, Callee callee,
        List<String> digits) {

    public CallOrder {
        if (talkSeconds < 0 || ringSeconds < 0) {
            throw new IllegalArgumentException("talk and ring seconds must not be negative");
        }
        digits = List.copyOf(digits);
    }
}
