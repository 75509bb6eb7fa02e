package dev.veil.billing.rating;

import dev.veil.events.LegDirection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateCardTests {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Tariff DEFAULT = new Tariff(new BigDecimal("0.0050"), 60, 60);

    private static RateCard card(List<CountryRate> countries) {
        return new RateCard(EUR, BigDecimal.ZERO, DEFAULT, countries);
    }

    @Test
    void ratesALegByItsCountryAndDirectionElseByTheDefault() {
        RateCard card = card(List.of(
                new CountryRate("GB", LegDirection.OUTBOUND, new Tariff(new BigDecimal("0.0300"), 1, 1)),
                new CountryRate("GB", LegDirection.INBOUND, new Tariff(new BigDecimal("0.0100"), 30, 6))));

        assertThat(card.planFor("GB", LegDirection.OUTBOUND).rate(65).amount().amount().toPlainString())
                .isEqualTo("0.03250");
        assertThat(card.planFor("gb", LegDirection.INBOUND).rate(31).billedSeconds()).isEqualTo(36);
        assertThat(card.planFor("US", LegDirection.OUTBOUND).ratePerMinute()).isEqualByComparingTo("0.0050");
        assertThat(card.planFor(null, LegDirection.INBOUND).ratePerMinute()).isEqualByComparingTo("0.0050");
        assertThat(card.planFor("GB", LegDirection.UNKNOWN).ratePerMinute()).isEqualByComparingTo("0.0050");
        assertThat(card.planFor("GB", LegDirection.OUTBOUND).currency()).isEqualTo(EUR);
    }

    @Test
    void theSessionFeeIsMoneyAtTheStoredScale() {
        RateCard card = new RateCard(EUR, new BigDecimal("0.1"), DEFAULT, List.of());

        assertThat(card.sessionFeeMoney().amount().toPlainString()).isEqualTo("0.10000");
        assertThat(card.sessionFeeMoney().currency()).isEqualTo(EUR);
    }

    @Test
    void refusesAnInconsistentCard() {
        Tariff t = new Tariff(BigDecimal.ONE, 60, 60);
        assertThatThrownBy(() -> card(List.of(new CountryRate("GB", LegDirection.INBOUND, t),
                new CountryRate("gb", LegDirection.INBOUND, t)))).hasMessageContaining("more than one rate for GB");
        assertThatThrownBy(() -> new CountryRate("GB", LegDirection.UNKNOWN, t)).hasMessageContaining("direction");
        assertThatThrownBy(() -> new CountryRate("G1", LegDirection.INBOUND, t)).hasMessageContaining("alpha-2");
        assertThatThrownBy(() -> new RateCard(EUR, new BigDecimal("-1"), DEFAULT, List.of()))
                .hasMessageContaining("session fee");
        assertThatThrownBy(() -> new RateCard(EUR, new BigDecimal("0.000001"), DEFAULT, List.of()))
                .hasMessageContaining("decimals");
        assertThatThrownBy(() -> new Tariff(new BigDecimal("0.000001"), 60, 60)).hasMessageContaining("decimals");
        assertThatThrownBy(() -> new Tariff(new BigDecimal("-1"), 60, 60)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Tariff(BigDecimal.ONE, 0, 60)).hasMessageContaining("increments");
    }
}
