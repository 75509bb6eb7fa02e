package dev.veil.allocation.pool;

import dev.veil.allocation.AllocationProperties;
import dev.veil.platform.schedule.RepeatingTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Refreshes the pool gauges ({@link PoolMetrics}) every {@code veil.allocation.reaper-interval}. */
@Configuration(proxyBeanMethods = false)
class PoolConfiguration {

    @Bean
    RepeatingTask poolGaugesTask(PoolMetrics metrics, AllocationProperties properties) {
        return new RepeatingTask("pool gauges", () -> metrics.refresh().thenReturn(false),
                properties.reaperInterval());
    }
}
