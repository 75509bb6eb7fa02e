package dev.veil.allocation.reservation;

import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated allocation request.
 *
 * @param sessionUuid       the session to allocate for
 * @param accountId         the main account whose pool the number comes from
 * @param subaccount        the subaccount whose assigned numbers to take; null: the main account's unassigned ones
 * @param firstParty        first party; null in a single-party session given only the second
 * @param secondParty       second party, never equal to the first; null in a single-party session
 * @param geomatch          whether the number must be in {@link #country()}
 * @param fixedBindings     the bindings the session takes whatever the number: its parties, given PINs, "any caller"
 * @param generatePinLength length of the two PINs to generate on the chosen number; 0 when none
 * @param cooloffSeconds    how long the bindings stay reserved after the session expires
 */
record AllocationCommand(String sessionUuid, String accountId, @Nullable String subaccount,
        @Nullable PhoneNumber firstParty, @Nullable PhoneNumber secondParty, boolean geomatch,
        List<String> fixedBindings, int generatePinLength, int cooloffSeconds) {

    /** The country geomatch asks for: the first party's, or the only party's in a single-party session. */
    String country() {
        PhoneNumber given = firstParty != null ? firstParty : secondParty;
        return given == null ? "" : given.country();
    }

    /**
     * What the request asked for, independent of the number it got, to recognise a repeat of it: the fixed
     * bindings and options, sorted and joined. For a two-party request without options it is the sorted party
     * bindings, as migration V2 derived it for older allocations.
     */
    String requestKey() {
        List<String> parts = new ArrayList<>(fixedBindings);
        if (generatePinLength > 0) {
            parts.add("generate_pin:" + generatePinLength);
        }
        if (subaccount != null) {
            parts.add("subaccount:" + subaccount);
        }
        return String.join(",", parts.stream().sorted().toList());
    }

    /** Both parties, redacted, for logs. */
    String redactedParties() {
        return (firstParty == null ? "-" : firstParty.redacted()) + " and "
                + (secondParty == null ? "-" : secondParty.redacted());
    }
}
