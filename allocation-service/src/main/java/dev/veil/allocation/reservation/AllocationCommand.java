package dev.veil.allocation.reservation;

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
 * @param secondParty       second party, never the same number as the first; null in a single-party session
 * @param geomatch          whether the number must be in {@link #country()}
 * @param fixedBindings     the bindings the session takes whatever the number: its parties, given PINs, "any caller"
 * @param generatePinLength length of the two PINs to generate on the chosen number; 0 when none
 * @param cooloffSeconds    how long the bindings stay reserved after the session expires
 */
record AllocationCommand(String sessionUuid, String accountId, @Nullable String subaccount,
        @Nullable Party firstParty, @Nullable Party secondParty, boolean geomatch,
        List<String> fixedBindings, int generatePinLength, int cooloffSeconds) {

    /**
     * A party as this service knows it: never its number, only the number's blind index and its country.
     *
     * @param index   the blind index of the party's E.164 number (22 characters of Base64url), equal for equal
     *                numbers, so it serves as the party's binding
     * @param country ISO 3166 alpha-2 country of the number, for geomatch
     */
    record Party(String index, String country) {
    }

    /** The country geomatch asks for: the first party's, or the only party's in a single-party session. */
    String country() {
        Party given = firstParty != null ? firstParty : secondParty;
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

    /** The parties' countries for logs ({@code -} for a missing party); never an index, which stands for a number. */
    String redactedParties() {
        return (firstParty == null ? "-" : firstParty.country()) + " and "
                + (secondParty == null ? "-" : secondParty.country());
    }
}
