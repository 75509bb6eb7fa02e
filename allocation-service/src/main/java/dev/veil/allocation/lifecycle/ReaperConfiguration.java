package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationProperties;
import dev.veil.platform.schedule.RepeatingTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@link ReservationReaper} every {@code veil.allocation.reaper-interval}. */
@Configuration(proxyBeanMethods = false)
class ReaperConfiguration {

    @Bean
    RepeatingTask reservationReaperTask(ReservationReaper reaper, AllocationProperties properties) {
        return new RepeatingTask("reservation reaper", () -> reaper.reap().thenReturn(false),
                properties.reaperInterval());
    }
}
