package dev.veil.events;

/**
 * PIN authentication of a session (PLIVO_API.md §5): a caller who is not a party (or every caller when
 * {@code force}) is asked for a PIN; the first party's PIN connects to the second party and vice versa.
 *
 * @param sealedFirstPartyPin  the first party's PIN (4–15 digits) encrypted with the event key, like
 *                             {@link PartyNumber#sealed()}
 * @param sealedSecondPartyPin the second party's PIN, likewise; different from the first party's
 * @param promptPlay       audio asking for the PIN
 * @param retry            further tries after a wrong PIN, 0–5
 * @param retryWait        seconds to wait for digits on each try, 5–10
 * @param incorrectPinPlay audio played after a wrong PIN; null when none
 * @param force            ask registered parties for their PIN too
 */
public record PinAuthentication(
        String sealedFirstPartyPin,
        String sealedSecondPartyPin,
        String promptPlay,
        int retry,
        int retryWait,
        String incorrectPinPlay,
        boolean force) {
}
