package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationProperties;
import dev.veil.platform.schedule.RepeatingTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the {@link ReservationReaper} and the {@link CooloffRelease} every {@code veil.allocation.reaper-interval}
 * (the cool-off job at once again after a full batch).
 */
@Configuration(proxyBeanMethods = false)
class ReaperConfiguration {

    @Bean
    RepeatingTask reservationReaperTask(ReservationReaper reaper, AllocationProperties properties) {
        return new RepeatingTask("reservation reaper", () -> reaper.reap().thenReturn(false),
                properties.reaperInterval());
    }

    @Bean
    RepeatingTask cooloffReleaseTask(CooloffRelease release, AllocationProperties properties) {
        return new RepeatingTask("cool-off release", () -> release.releaseDue().map(n -> n >= CooloffRelease.BATCH),
                properties.reaperInterval());
    }
}
