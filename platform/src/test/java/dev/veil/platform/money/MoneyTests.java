package dev.veil.platform.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTests {

    static final Currency USD = Currency.getInstance("USD");

    @Test
    void keepsFiveDecimalsAndAddsExactly() {
        Money sum = new Money(new BigDecimal("0.1"), USD).plus(new Money(new BigDecimal("0.2"), USD));
        assertThat(sum.amount()).isEqualByComparingTo("0.3").hasScaleOf(Money.SCALE);
        assertThat(new Money(new BigDecimal("0.005"), USD).times(new BigDecimal("2")).amount())
                .isEqualTo(new BigDecimal("0.01000"));
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.zero(USD).plus(Money.zero(Currency.getInstance("EUR"))))
                .hasMessageContaining("EUR");
    }
}
