package dev.veil.allocation.reservation;

import dev.veil.allocation.RejectedRequestException;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /internal/v1/allocations}, as sent by session-service. Every field may be missing on the
 * wire; {@link #validate()} says which is wrong in Plivo's words.
 *
 * @param sessionUuid the new session's id; the request is idempotent per session
 * @param accountId   the account (or subaccount) whose pool the number comes from
 * @param firstParty  first party, E.164
 * @param secondParty second party, E.164
 * @param geomatch    whether the number must be in the first party's country; default true
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AllocationRequest(
        @Nullable String sessionUuid,
        @Nullable String accountId,
        @Nullable String firstParty,
        @Nullable String secondParty,
        @Nullable Boolean geomatch) {

    /** Longest session uuid or account id accepted; both are ids, far shorter in practice. */
    static final int MAX_ID_LENGTH = 64;

    /** The request as a command, or a 400 naming the first problem found. */
    AllocationCommand validate() {
        String session = id("session_uuid", sessionUuid);
        String account = id("account_id", accountId);
        PhoneNumber first = party("first_party", firstParty);
        PhoneNumber second = party("second_party", secondParty);
        if (first.equals(second)) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. first_party and second_party must be different numbers.");
        }
        return new AllocationCommand(session, account, first, second, geomatch == null || geomatch);
    }

    private static String id(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw missing(name);
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. " + name + " must be at most " + MAX_ID_LENGTH + " characters.");
        }
        return value;
    }

    private static PhoneNumber party(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw missing(name);
        }
        try {
            return PhoneNumber.parse(value);
        } catch (InvalidPhoneNumberException e) {
            throw RejectedRequestException.badRequest("Invalid parameter. " + name + " is not a valid phone number.");
        }
    }

    private static RejectedRequestException missing(String name) {
        return RejectedRequestException.badRequest("Mandatory parameter missing. " + name + " must be present.");
    }
}
