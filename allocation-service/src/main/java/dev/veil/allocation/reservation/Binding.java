package dev.veil.allocation.reservation;

import dev.veil.platform.phone.PhoneNumber;

/**
 * What a live session holds on its virtual number, as stored in {@code bindings.binding}. Parties are the only
 * kind in this version; PINs and the "any caller" binding of single-party sessions will join them.
 */
public final class Binding {

    private static final String PARTY = "party:";

    private Binding() {
    }

    /** The binding of a party's number: {@code party:+E164}. */
    public static String party(PhoneNumber number) {
        return PARTY + number.e164();
    }
}
