package dev.veil.session.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The body of allocation-service's {@code POST /internal/v1/allocations}; optional fields are left out when not set.
 * allocation-service never gets a real number: each party is its blind index and its country.
 *
 * @param accountId          always the main account, which owns the number pool
 * @param firstPartyIndex    blind index of the first party; null in a single-party session without it
 * @param secondPartyIndex   blind index of the second party; null in a single-party session without it
 * @param firstPartyCountry  ISO alpha-2 country of the first party (geomatch); null without it
 * @param secondPartyCountry ISO alpha-2 country of the second party; null without it
 * @param subaccount        take only numbers assigned to this subaccount
 * @param pins              supplied PINs that must be free on the number
 * @param generatePinLength ask allocation-service to pick two free PINs of this length
 * @param anyCaller         single-party session without PIN: takes the number's "any caller" binding
 * @param cooloffSeconds    the bindings stay reserved this long after the session expires
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AllocationRequest(
        @JsonProperty("session_uuid") String sessionUuid,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("first_party_index") @Nullable String firstPartyIndex,
        @JsonProperty("second_party_index") @Nullable String secondPartyIndex,
        @JsonProperty("first_party_country") @Nullable String firstPartyCountry,
        @JsonProperty("second_party_country") @Nullable String secondPartyCountry,
        @JsonProperty("geomatch") boolean geomatch,
        @JsonProperty("subaccount") @Nullable String subaccount,
        @JsonProperty("pins") @Nullable List<String> pins,
        @JsonProperty("generate_pin_length") @Nullable Integer generatePinLength,
        @JsonProperty("any_caller") @Nullable Boolean anyCaller,
        @JsonProperty("cooloff_seconds") @Nullable Integer cooloffSeconds) {
}
