package dev.veil.billing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingPropertiesTests {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void describesTheRatePlanItConfigures() {
        var plan = new BillingProperties(new BigDecimal("0.0120"), USD, 30, 6).ratePlan();

        assertThat(plan.ratePerMinute()).isEqualByComparingTo("0.0120");
        assertThat(plan.currency()).isEqualTo(USD);
        assertThat(plan.initialIncrementSeconds()).isEqualTo(30);
        assertThat(plan.subsequentIncrementSeconds()).isEqualTo(6);
    }

    @Test
    void anUnusablePlanFailsNamingTheSettings() {
        assertThatThrownBy(() -> new BillingProperties(new BigDecimal("-1"), USD, 60, 60))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("rate per minute");
        assertThatThrownBy(() -> new BillingProperties(new BigDecimal("0.0050"), USD, 60, 0))
                .hasMessageStartingWith("veil.billing:").hasMessageContaining("increments");
    }
}
