package dev.veil.session.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PlivoJsonTests {

    @Test
    void timesUseGoStyleUtcWithoutFractionAndEmptyForNone() {
        assertThat(PlivoJson.time(Instant.parse("2024-01-03T13:35:51.987Z"))).isEqualTo("2024-01-03 13:35:51 +0000 UTC");
        assertThat(PlivoJson.time(null)).isEmpty();
    }

    @Test
    void amountsLoseTrailingZerosAndNeverUseAnExponent() {
        assertThat(PlivoJson.amount(new BigDecimal("0.00000")).toString()).isEqualTo("0");
        assertThat(PlivoJson.amount(new BigDecimal("0.02000")).toString()).isEqualTo("0.02");
        assertThat(PlivoJson.amount(new BigDecimal("10.00000")).toString()).isEqualTo("10");
        assertThat(PlivoJson.amount(new BigDecimal("0.00005")).toString()).isEqualTo("0.00005");
    }

    @Test
    void numbersInsideTheSessionLoseTheirPlus() {
        assertThat(PlivoJson.digits("+14155550100")).isEqualTo("14155550100");
    }
}
