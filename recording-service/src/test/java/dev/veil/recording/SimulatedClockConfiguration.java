package dev.veil.recording;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Makes Veil's clock a {@link MutableClock}, which retention tests set back to make old recordings. */
@TestConfiguration(proxyBeanMethods = false)
public class SimulatedClockConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }
}
