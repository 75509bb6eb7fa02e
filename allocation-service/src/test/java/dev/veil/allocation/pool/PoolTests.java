package dev.veil.allocation.pool;

import dev.veil.allocation.AllocationProperties;
import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import dev.veil.platform.phone.PhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;

class PoolTests extends AllocationServiceIntegration {

    @Autowired
    PoolSeeder seeder;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PoolMetrics metrics;

    @Test
    void demoPoolIsSeededFromConfigurationWithCountriesDerivedFromTheNumbers() {
        web.get().uri("/internal/v1/numbers?account_id={a}", AllocationProperties.DEMO_ACCOUNT)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.account_id").isEqualTo(AllocationProperties.DEMO_ACCOUNT)
                .jsonPath("$.numbers.length()").isEqualTo(4)
                .jsonPath("$.numbers[0].number").isEqualTo("+14155550190")
                .jsonPath("$.numbers[0].country").isEqualTo("US")
                .jsonPath("$.numbers[0].status").isEqualTo("active")
                .jsonPath("$.numbers[2].number").isEqualTo("+14155550192")
                .jsonPath("$.numbers[3].number").isEqualTo("+442071838750")
                .jsonPath("$.numbers[3].country").isEqualTo("GB");
    }

    @Test
    void seedingAgainAddsNothing() {
        assertThat(seeder.seed().block()).isZero();
        assertThat(db.sql("SELECT count(*) FROM virtual_numbers WHERE account_id = :a")
                .bind("a", AllocationProperties.DEMO_ACCOUNT).map(r -> r.get(0, Long.class)).one().block())
                .isEqualTo(4L);
    }

    @Test
    void poolGaugeCountsActiveNumbersByCountry() {
        assertThat(numbers("GB", "in_use") + numbers("GB", "idle")).isGreaterThanOrEqualTo(1);
        assertThat(numbers("US", "in_use") + numbers("US", "idle")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void poolGaugesTellNumbersInUseIdleAndRetiredAndTheShareInUse() {
        metrics.refresh().block();
        double inUse = numbers("DE", "in_use");
        double idle = numbers("DE", "idle");
        double retired = numbers("DE", "retired");
        String account = account();
        seed(account, berlin(), berlin(), berlin());
        seedWithStatus(account, berlin(), "retired");

        allocated(session(), account, party("DE"), party("DE"));
        metrics.refresh().block();

        assertThat(numbers("DE", "in_use")).isEqualTo(inUse + 1);
        assertThat(numbers("DE", "idle")).isEqualTo(idle + 2);
        assertThat(numbers("DE", "retired")).isEqualTo(retired + 1);
        assertThat(meters.get("veil.pool.utilisation").tag("country", "DE").gauge().value())
                .isEqualTo((inUse + 1) / (inUse + 1 + idle + 2));
        assertThat(meters.get("veil.pool.sessions").tag("country", "DE").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    private double numbers(String country, String state) {
        var gauge = meters.find("veil.pool.numbers").tag("country", country).tag("state", state).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** A German number in Berlin's 030 range; no other test uses German numbers, but a kept database may. */
    private static String berlin() {
        return PhoneNumber.parse("+49301" + us().substring(5)).e164();
    }

    @Test
    void listingShowsLiveSessionsPerNumber() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        String vn3 = us();
        seed(account, vn1, vn2, vn3);
        TestParty a = party();
        allocated(session(), account, a, party());
        allocated(session(), account, a, party());
        allocated(session(), account, party(), party());

        web.get().uri("/internal/v1/numbers?account_id={a}", account)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.numbers.length()").isEqualTo(3)
                .jsonPath("$.numbers[0].number").isEqualTo(vn1)
                .jsonPath("$.numbers[0].live_sessions").isEqualTo(2)
                .jsonPath("$.numbers[1].number").isEqualTo(vn2)
                .jsonPath("$.numbers[1].live_sessions").isEqualTo(1)
                .jsonPath("$.numbers[2].number").isEqualTo(vn3)
                .jsonPath("$.numbers[2].live_sessions").isEqualTo(0);
    }

    @Test
    void accountWithoutNumbersHasAnEmptyListing() {
        web.get().uri("/internal/v1/numbers?account_id={a}", account())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.numbers.length()").isEqualTo(0);
    }

    @Test
    void listingWithoutAccountIs400() {
        web.get().uri("/internal/v1/numbers")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Mandatory parameter missing. account_id must be present.");
    }
}
