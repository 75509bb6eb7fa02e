package dev.veil.allocation;

import dev.veil.allocation.AllocationProperties.PoolNumber;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationPropertiesTests {

    @Test
    void defaultsAreTheDemoPoolAMinuteTimeoutAndATenSecondReaper() {
        AllocationProperties properties = bind(Map.of());

        assertThat(properties.pool()).isEqualTo(AllocationProperties.DEMO_POOL);
        assertThat(properties.reservationTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.reaperInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.maxAttempts()).isEqualTo(20);
    }

    @Test
    void demoPoolNumbersAreValidWithTheirCountries() {
        assertThat(AllocationProperties.DEMO_POOL)
                .extracting(n -> n.phoneNumber().country())
                .containsExactly("US", "US", "US", "GB");
        assertThat(AllocationProperties.DEMO_POOL).extracting(PoolNumber::accountId)
                .containsOnly("MAVEILDEMO0000000001");
    }

    @Test
    void configuredPoolReplacesTheDemoPoolAndDerivesCountries() {
        AllocationProperties properties = bind(Map.of(
                "veil.allocation.pool[0].number", "442071838751",
                "veil.allocation.pool[0].account-id", "MA123456789012345678",
                "veil.allocation.reservation-timeout", "5s"));

        assertThat(properties.pool()).hasSize(1);
        assertThat(properties.pool().getFirst().phoneNumber().e164()).isEqualTo("+442071838751");
        assertThat(properties.pool().getFirst().phoneNumber().country()).isEqualTo("GB");
        assertThat(properties.reservationTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidPoolNumberFailsStartUpNamingIt() {
        assertThatThrownBy(() -> bind(Map.of(
                "veil.allocation.pool[0].number", "+1415",
                "veil.allocation.pool[0].account-id", "MA123456789012345678")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("+1415 is not a valid phone number");
    }

    @Test
    void poolNumberWithoutAccountFailsStartUp() {
        assertThatThrownBy(() -> new PoolNumber("+14155550190", " ")).hasMessageContaining("has no account-id");
    }

    private static AllocationProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("veil.allocation", AllocationProperties.class);
    }
}
