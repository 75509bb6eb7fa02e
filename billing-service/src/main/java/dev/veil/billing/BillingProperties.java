package dev.veil.billing;

import dev.veil.billing.rating.CountryRate;
import dev.veil.billing.rating.RateCard;
import dev.veil.billing.rating.Tariff;
import dev.veil.events.LegDirection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of billing-service ({@code veil.billing.*}): the default rate card (every account without one of its
 * own set through the admin API is rated with it), the admin API's credentials and the subaccount mapping the
 * usage API rolls up. A change of the default card applies to legs rated after the restart; charges already stored
 * keep the rate they were rated at.
 *
 * @param ratePerMinute              default price of one minute of one leg, in {@code currency}; default
 *                                   {@code 0.0050}. Not negative
 * @param currency                   ISO 4217 code of the default card; default {@code USD}
 * @param initialIncrementSeconds    seconds billed for the first block of an answered leg, however short; default
 *                                   60. At least 1
 * @param subsequentIncrementSeconds size in seconds of every later block; the time after the first block is
 *                                   rounded up to a whole number of these; default 60. At least 1. With 60/60 a
 *                                   65 s leg bills 120 s; with 1/1 a leg bills its exact duration
 * @param sessionFee                 fee per session created, in {@code currency}; default 0 (no fee, no
 *                                   {@code SessionCharged})
 * @param rates                      tariffs of the default card per destination country and direction, overriding
 *                                   the default rate for those legs; default none
 * @param admin                      credentials of the rate-card admin API
 * @param subaccounts                subaccount id to its main account id: a subaccount without a card of its own is
 *                                   rated with its main account's, and the usage API of a main account includes
 *                                   these subaccounts besides those session-service answers when authenticating.
 *                                   Default empty (rating sees only the account id on events, so this mapping
 *                                   cannot come from the authentication)
 */
@ConfigurationProperties("veil.billing")
public record BillingProperties(
        @DefaultValue("0.0050") BigDecimal ratePerMinute,
        @DefaultValue("USD") Currency currency,
        @DefaultValue("60") int initialIncrementSeconds,
        @DefaultValue("60") int subsequentIncrementSeconds,
        @DefaultValue("0") BigDecimal sessionFee,
        @DefaultValue List<Rate> rates,
        @DefaultValue Admin admin,
        @DefaultValue Map<String, String> subaccounts) {

    public BillingProperties {
        rates = List.copyOf(rates);
        subaccounts = Map.copyOf(subaccounts);
        try {
            toRateCard(ratePerMinute, currency, initialIncrementSeconds, subsequentIncrementSeconds, sessionFee,
                    rates);
        } catch (IllegalArgumentException e) {
            // Fails start-up with the settings' name rather than at the first call rated.
            throw new IllegalArgumentException("veil.billing: " + e.getMessage(), e);
        }
    }

    /** The default rate card these settings describe. */
    public RateCard rateCard() {
        return toRateCard(ratePerMinute, currency, initialIncrementSeconds, subsequentIncrementSeconds, sessionFee,
                rates);
    }

    /** The main account a subaccount belongs to, or the account itself when it is not a known subaccount. */
    public String mainAccountOf(String accountId) {
        return subaccounts.getOrDefault(accountId, accountId);
    }

    /** The account and the subaccounts mapped to it, sorted. */
    public Set<String> accountAndSubaccounts(String accountId) {
        Set<String> accounts = new TreeSet<>();
        accounts.add(accountId);
        subaccounts.forEach((sub, main) -> {
            if (main.equals(accountId)) {
                accounts.add(sub);
            }
        });
        return accounts;
    }

    private static RateCard toRateCard(BigDecimal ratePerMinute, Currency currency, int initial, int subsequent,
            BigDecimal sessionFee, List<Rate> rates) {
        return new RateCard(currency, sessionFee, new Tariff(ratePerMinute, initial, subsequent),
                rates.stream().map(r -> new CountryRate(r.country(), r.direction(),
                        new Tariff(r.ratePerMinute(), r.initialIncrementSeconds(), r.subsequentIncrementSeconds())))
                        .toList());
    }

    /**
     * A tariff of the default card for one destination country and direction
     * ({@code veil.billing.rates[n].*}).
     *
     * @param country                    ISO 3166 alpha-2 code of the leg's party
     * @param direction                  {@code inbound} (caller to the virtual number) or {@code outbound} (to the
     *                                   other party)
     * @param ratePerMinute              price of one billed minute, in the card's currency
     * @param initialIncrementSeconds    first billing block in seconds; default 60
     * @param subsequentIncrementSeconds later billing blocks in seconds; default 60
     */
    public record Rate(
            String country,
            LegDirection direction,
            BigDecimal ratePerMinute,
            @DefaultValue("60") int initialIncrementSeconds,
            @DefaultValue("60") int subsequentIncrementSeconds) {
    }

    /**
     * HTTP Basic credentials of {@code /admin/v1/**} ({@code veil.billing.admin.*}).
     *
     * @param username default {@code veil-admin}
     * @param password default {@code veil-admin-token}
     */
    public record Admin(@DefaultValue("veil-admin") String username, @DefaultValue("veil-admin-token") String password) {

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=***]";
        }
    }
}
