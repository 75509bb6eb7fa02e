package dev.veil.allocation.reservation;

import dev.veil.allocation.RejectedRequestException;
import dev.veil.allocation.reservation.AllocationCommand.Party;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /internal/v1/allocations}, as sent by session-service. Every field may be missing on the
 * wire; {@link #validate()} says which is wrong in Plivo's words. Parties come as the blind indexes of their
 * numbers ({@code dev.veil.platform.privacy.BlindIndex}) with their countries: this service never gets a number.
 *
 * @param sessionUuid        the new session's id; the request is idempotent per session
 * @param accountId          the main account (MA…) that owns the pool
 * @param firstPartyIndex    blind index of the first party's number; may be missing in a single-party session
 * @param secondPartyIndex   blind index of the second party's number; may be missing in a single-party session
 * @param firstPartyCountry  ISO 3166 alpha-2 country of the first party's number; required with its index
 * @param secondPartyCountry ISO 3166 alpha-2 country of the second party's number; required with its index
 * @param geomatch           whether the number must be in the first party's country (the given party's in a
 *                           single-party session); default true
 * @param subaccount         take only numbers assigned to this subaccount (SA…); absent: the main account's own,
 *                           unassigned numbers
 * @param pins               PINs the session uses; each must be free among the number's live PIN sessions
 * @param generatePinLength  generate two distinct PINs of this length (4–15), free on the chosen number
 * @param anyCaller          single-party session without PIN: takes the number's "any caller" binding
 * @param cooloffSeconds     how long (0–3600 s) the bindings stay reserved after the session expires
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AllocationRequest(
        @Nullable String sessionUuid,
        @Nullable String accountId,
        @Nullable String firstPartyIndex,
        @Nullable String secondPartyIndex,
        @Nullable String firstPartyCountry,
        @Nullable String secondPartyCountry,
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

    /** A blind index: the first 16 bytes of an HMAC-SHA256, Base64url without padding. */
    private static final Pattern BLIND_INDEX = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** The request as a command, or a 400 naming the first problem found. */
    AllocationCommand validate() {
        String session = id("session_uuid", sessionUuid);
        String account = id("account_id", accountId);
        String sub = subaccount == null || subaccount.isBlank() ? null : id("subaccount", subaccount);
        Party first = party("first_party", firstPartyIndex, firstPartyCountry);
        Party second = party("second_party", secondPartyIndex, secondPartyCountry);
        if (first == null && second == null) {
            throw missing("first_party_index");
        }
        // Equal numbers have equal indexes (the key is the deployment's), so this is the same-number check.
        if (first != null && second != null && first.index().equals(second.index())) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. first_party and second_party must be different numbers.");
        }
        List<String> fixed = new ArrayList<>();
        if (first != null) {
            fixed.add(Binding.party(first.index()));
        }
        if (second != null) {
            fixed.add(Binding.party(second.index()));
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

    /**
     * The party {@code role} ({@code first_party} or {@code second_party}), or null when its index is absent (a
     * single-party session); a country without its index names no party and is not looked at.
     */
    private static @Nullable Party party(String role, @Nullable String index, @Nullable String country) {
        if (index == null || index.isBlank()) {
            return null;
        }
        if (!BLIND_INDEX.matcher(index).matches()) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. " + role + "_index is not a valid blind index.");
        }
        if (country == null || country.isBlank()) {
            throw missing(role + "_country");
        }
        if (!COUNTRY.matcher(country).matches()) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. " + role + "_country is not a valid country code.");
        }
        return new Party(index, country);
    }

    private static RejectedRequestException missing(String name) {
        return RejectedRequestException.badRequest("Mandatory parameter missing. " + name + " must be present.");
    }
}
