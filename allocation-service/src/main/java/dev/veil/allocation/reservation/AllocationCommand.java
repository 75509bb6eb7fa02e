package dev.veil.allocation.reservation;

import dev.veil.platform.phone.PhoneNumber;

/**
 * A validated allocation request.
 *
 * @param sessionUuid the session to allocate for
 * @param accountId   whose pool to take the number from
 * @param firstParty  first party
 * @param secondParty second party, never equal to the first
 * @param geomatch    whether the number must be in the first party's country
 */
record AllocationCommand(String sessionUuid, String accountId, PhoneNumber firstParty, PhoneNumber secondParty,
        boolean geomatch) {

    String firstBinding() {
        return Binding.party(firstParty);
    }

    String secondBinding() {
        return Binding.party(secondParty);
    }
}
