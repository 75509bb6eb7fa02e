package dev.veil.allocation.reservation;

import dev.veil.allocation.RejectedRequestException;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The body of {@code POST /internal/v1/allocations}, as sent by session-service. Every field may be missing on the
 * wire; {@link #validate()} says which is wrong in Plivo's words.
 *
 * @param sessionUuid       the new session's id; the request is idempotent per session
 * @param accountId         the main account (MA…) that owns the pool
 * @param firstParty        first party, E.164; may be missing in a single-party session
 * @param secondParty       second party, E.164; may be missing in a single-party session
 * @param geomatch          whether the number must be in the first party's country (the given party's in a
 *                          single-party session); default true
 * @param subaccount        take only numbers assigned to this subaccount (SA…); absent: the main account's own,
 *                          unassigned numbers
 * @param pins              PINs the session uses; each must be free among the number's live PIN sessions
 * @param generatePinLength generate two distinct PINs of this length (4–15), free on the chosen number
 * @param anyCaller         single-party session without PIN: takes the number's "any caller" binding
 * @param cooloffSeconds    how long (0–3600 s) the bindings stay reserved after the session expires
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AllocationRequest(
        @Nullable String sessionUuid,
        @Nullable String accountId,
        @Nullable String firstParty,
        @Nullable String secondParty,
        @Nullable Boolean geomatch,
        @Nullable String subaccount,
        @Nullable List<String> pins,
        @Nullable Integer generatePinLength,
        @Nullable Boolean anyCaller,
        @Nullable Integer cooloffSeconds) {

    /** Longest session uuid or account id accepted; both are ids, far shorter in practice. */
    static final int MAX_ID_LENGTH = 64;
    static final int MIN_PIN_LENGTH = 4;
    static final int MAX_PIN_LENGTH = 15;
    static final int MAX_COOLOFF_SECONDS = 3600;

    /** A two-party request without options, as the first version of the contract sent it. */
    AllocationRequest(@Nullable String sessionUuid, @Nullable String accountId, @Nullable String firstParty,
            @Nullable String secondParty, @Nullable Boolean geomatch) {
        this(sessionUuid, accountId, firstParty, secondParty, geomatch, null, null, null, null, null);
    }

    /** The request as a command, or a 400 naming the first problem found. */
    AllocationCommand validate() {
        String session = id("session_uuid", sessionUuid);
        String account = id("account_id", accountId);
        String sub = subaccount == null || subaccount.isBlank() ? null : id("subaccount", subaccount);
        PhoneNumber first = party("first_party", firstParty);
        PhoneNumber second = party("second_party", secondParty);
        if (first == null && second == null) {
            throw missing("first_party");
        }
        if (first != null && first.equals(second)) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. first_party and second_party must be different numbers.");
        }
        List<String> fixed = new ArrayList<>();
        if (first != null) {
            fixed.add(Binding.party(first));
        }
        if (second != null) {
            fixed.add(Binding.party(second));
        }
        boolean withPins = pins != null && !pins.isEmpty();
        if (withPins) {
            if (generatePinLength != null) {
                throw RejectedRequestException.badRequest(
                        "Invalid parameter. pins and generate_pin_length cannot both be given.");
            }
            if (pins.size() > 2 || new HashSet<>(pins).size() != pins.size()) {
                throw RejectedRequestException.badRequest(
                        "Invalid parameter. first_party_pin and second_party_pin must be different.");
            }
            for (String pin : pins) {
                if (pin == null || !pin.matches("[0-9]{" + MIN_PIN_LENGTH + "," + MAX_PIN_LENGTH + "}")) {
                    throw RejectedRequestException.badRequest(
                            "Invalid parameter. A PIN must be 4 to 15 digits.");
                }
                fixed.add(Binding.pin(pin));
            }
        }
        int pinLength = generatePinLength == null ? 0 : generatePinLength;
        if (generatePinLength != null && (pinLength < MIN_PIN_LENGTH || pinLength > MAX_PIN_LENGTH)) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. generate_pin_length must be between 4 and 15.");
        }
        if (Boolean.TRUE.equals(anyCaller)) {
            if ((first != null && second != null) || withPins || pinLength > 0) {
                throw RejectedRequestException.badRequest(
                        "Invalid parameter. any_caller is only for single-party sessions without PIN.");
            }
            fixed.add(Binding.ANY_CALLER);
        }
        int cooloff = cooloffSeconds == null ? 0 : cooloffSeconds;
        if (cooloff < 0 || cooloff > MAX_COOLOFF_SECONDS) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. virtual_number_cooloff_period is outside the allowed range.");
        }
        return new AllocationCommand(session, account, sub, first, second, geomatch == null || geomatch,
                List.copyOf(fixed), pinLength, cooloff);
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

    private static @Nullable PhoneNumber party(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
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
