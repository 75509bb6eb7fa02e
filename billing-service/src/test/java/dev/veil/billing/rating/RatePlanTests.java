package dev.veil.billing.rating;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatePlanTests {

    private static final Currency USD = Currency.getInstance("USD");

    private static RatePlan plan(String ratePerMinute, int initial, int subsequent) {
        return new RatePlan(new BigDecimal(ratePerMinute), USD, initial, subsequent);
    }

    @ParameterizedTest(name = "{0} s bills {1} s for {2}")
    @CsvSource({
            "1,   60,  0.00500",
            "59,  60,  0.00500",
            "60,  60,  0.00500",
            "61,  120, 0.01000",
            "65,  120, 0.01000",
            "120, 120, 0.01000",
            "121, 180, 0.01500",
            "3600, 3600, 0.30000"})
    void sixtySixtyRoundsAnAnsweredLegUpToWholeMinutes(int billDuration, int billedSeconds, String amount) {
        RatedLeg leg = plan("0.0050", 60, 60).rate(billDuration);

        assertThat(leg.billedSeconds()).isEqualTo(billedSeconds);
        assertThat(leg.amount().amount()).isEqualByComparingTo(amount);
        assertThat(leg.amount().amount().toPlainString()).isEqualTo(amount);
        assertThat(leg.amount().currency()).isEqualTo(USD);
    }

    @ParameterizedTest(name = "{0} s bills {1} s for {2}")
    @CsvSource({
            "1,  1,  0.00008",
            "60, 60, 0.00500",
            "65, 65, 0.00542"})
    void oneOneBillsTheExactSeconds(int billDuration, int billedSeconds, String amount) {
        RatedLeg leg = plan("0.0050", 1, 1).rate(billDuration);

        assertThat(leg.billedSeconds()).isEqualTo(billedSeconds);
        assertThat(leg.amount().amount().toPlainString()).isEqualTo(amount);
    }

    @ParameterizedTest(name = "{0} s bills {1} s")
    @CsvSource({"1, 30", "30, 30", "31, 36", "36, 36", "37, 42"})
    void initialAndSubsequentIncrementsMayDiffer(int billDuration, int billedSeconds) {
        assertThat(plan("0.0050", 30, 6).rate(billDuration).billedSeconds()).isEqualTo(billedSeconds);
    }

    @Test
    void aLegTheCarrierBilledNothingForCostsNothing() {
        for (RatePlan plan : new RatePlan[] {plan("0.0050", 60, 60), plan("0.0050", 1, 1)}) {
            RatedLeg leg = plan.rate(0);

            assertThat(leg.billedSeconds()).isZero();
            assertThat(leg.amount().amount().toPlainString()).isEqualTo("0.00000");
        }
    }

    @Test
    void amountsAreRoundedOncePerLegToFiveDecimalsHalfEven() {
        // 0.0009 per minute: one second is 0.000015 and three are 0.000045, both exactly half-way.
        assertThat(plan("0.0009", 1, 1).rate(1).amount().amount().toPlainString()).isEqualTo("0.00002");
        assertThat(plan("0.0009", 1, 1).rate(3).amount().amount().toPlainString()).isEqualTo("0.00004");
        // 61 s at 0.0050 is 0.0050833...: below half-way, so down.
        assertThat(plan("0.0050", 1, 1).rate(61).amount().amount().toPlainString()).isEqualTo("0.00508");
        // 0.0077 per minute for 1 s is 0.000128333...: above half-way, so up.
        assertThat(plan("0.0077", 1, 1).rate(1).amount().amount().toPlainString()).isEqualTo("0.00013");
    }

    @Test
    void aFreePlanChargesZeroButStillCountsBilledTime() {
        RatedLeg leg = plan("0", 60, 60).rate(65);

        assertThat(leg.billedSeconds()).isEqualTo(120);
        assertThat(leg.amount().amount().toPlainString()).isEqualTo("0.00000");
    }

    @Test
    void refusesNegativeDurationsAndUnusablePlans() {
        assertThatThrownBy(() -> plan("0.0050", 60, 60).rate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plan("-0.0050", 60, 60)).hasMessageContaining("rate per minute");
        assertThatThrownBy(() -> plan("0.0050", 0, 60)).hasMessageContaining("increments");
        assertThatThrownBy(() -> plan("0.0050", 60, 0)).hasMessageContaining("increments");
    }
}
