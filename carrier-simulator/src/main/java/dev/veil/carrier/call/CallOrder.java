package dev.veil.carrier.call;

import dev.veil.platform.phone.PhoneNumber;

/**
 * A validated request to place one simulated inbound call.
 *
 * @param from        the caller's phone
 * @param to          the number called, normally one of the application's virtual numbers
 * @param talkSeconds how long the parties talk once bridged, before a Dial's {@code timeLimit} cuts it
 * @param ringSeconds how long the dialled party's phone rings before it is picked up (when it is)
 * @param callee      how the dialled party's phone behaves
 */
public record CallOrder(PhoneNumber from, PhoneNumber to, int talkSeconds, int ringSeconds, Callee callee) {

    public CallOrder {
        if (talkSeconds < 0 || ringSeconds < 0) {
            throw new IllegalArgumentException("talk and ring seconds must not be negative");
        }
    }
}
