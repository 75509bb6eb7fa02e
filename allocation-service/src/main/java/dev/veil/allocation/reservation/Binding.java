package dev.veil.allocation.reservation;

/**
 * What a live (or cooling) session holds on its virtual number, as stored in {@code bindings.binding}. The primary
 * key {@code (virtual_number, binding)} makes each of them unique per number: a party ({@code party:<index>}, the
 * blind index of its number, equal for equal numbers, so (VN, caller) identifies one session without this service
 * ever holding the number), a PIN ({@code pin:<digits>}, so a PIN typed on the VN identifies one session) and the
 * "any caller" binding of a single-party session without PIN ({@code any}, so one session owns the VN's unknown
 * callers).
 */
public final class Binding {

    /** The "any caller" binding: at most one single-party session without PIN per number. */
    public static final String ANY_CALLER = "any";

    private static final String PARTY = "party:";
    private static final String PIN = "pin:";

    private Binding() {
    }

    /** The binding of a party: {@code party:<index>}, {@code index} being the blind index of its number. */
    public static String party(String index) {
        return PARTY + index;
    }

    /** The binding of a PIN: {@code pin:<digits>}. */
    public static String pin(String digits) {
        return PIN + digits;
    }
}
