package dev.veil.billing;

import dev.veil.billing.rating.RateCard;
import dev.veil.events.LegDirection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingPropertiesTests {

    private static final Currency USD = Currency.getInstance("USD");
    private static final BillingProperties.Admin ADMIN = new BillingProperties.Admin("a", "b");

    private static BillingProperties properties(String rate, int initial, int subsequent, String fee,
            List<BillingProperties.Rate> rates, Map<String, String> subaccounts) {
        return new BillingProperties(new BigDecimal(rate), USD, initial, subsequent, new BigDecimal(fee), rates,
                ADMIN, subaccounts);
    }

    @Test
    void describesTheDefaultRateCardItConfigures() {
        RateCard card = properties("0.0120", 30, 6, "0.25", List.of(new BillingProperties.Rate("gb",
                LegDirection.OUTBOUND, new BigDecimal("0.0300"), 1, 1)), Map.of()).rateCard();

        assertThat(card.currency()).isEqualTo(USD);
        assertThat(card.sessionFeeMoney().amount().toPlainString()).isEqualTo("0.25000");
        var fallback = card.planFor("US", LegDirection.INBOUND);
        assertThat(fallback.ratePerMinute()).isEqualByComparingTo("0.0120");
        assertThat(fallback.initialIncrementSeconds()).isEqualTo(30);
        assertThat(fallback.subsequentIncrementSeconds()).isEqualTo(6);
        var gb = card.planFor("GB", LegDirection.OUTBOUND);
        assertThat(gb.ratePerMinute()).isEqualByComparingTo("0.0300");
        assertThat(gb.initialIncrementSeconds()).isEqualTo(1);
    }

    @Test
    void mapsSubaccountsToTheirMainAccount() {
        var properties = properties("0.0050", 60, 60, "0", List.of(),
                Map.of("SA1", "MA1", "SA2", "MA1", "SA3", "MA2"));

        assertThat(properties.accountAndSubaccounts("MA1")).containsExactly("MA1", "SA1", "SA2");
        assertThat(properties.accountAndSubaccounts("MA3")).containsExactly("MA3");
        assertThat(properties.mainAccountOf("SA3")).isEqualTo("MA2");
        assertThat(properties.mainAccountOf("MA1")).isEqualTo("MA1");
        assertThat(ADMIN.toString()).doesNotContain("b]").contains("***");
    }

    @Test
    void anUnusableCardFailsNamingTheSettings() {
        assertThatThrownBy(() -> properties("-1", 60, 60, "0", List.of(), Map.of()))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("rate per minute");
        assertThatThrownBy(() -> properties("0.0050", 60, 0, "0", List.of(), Map.of()))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("increments");
        assertThatThrownBy(() -> properties("0.0050", 60, 60, "-0.1", List.of(), Map.of()))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("session fee");
        assertThatThrownBy(() -> properties("0.0050", 60, 60, "0", List.of(new BillingProperties.Rate("USA",
                LegDirection.INBOUND, BigDecimal.ONE, 60, 60)), Map.of()))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("alpha-2");
    }
}
