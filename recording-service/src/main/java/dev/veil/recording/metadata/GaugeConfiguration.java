package dev.veil.recording.metadata;

import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.recording.RecordingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refreshes {@link StoreGauges} every {@code veil.recording.stored-gauge-interval}; a failed count keeps the last
 * values until the next run.
 */
@Configuration(proxyBeanMethods = false)
class GaugeConfiguration {

    @Bean
    RepeatingTask storedRecordingsGaugeTask(StoreGauges gauges, RecordingProperties properties) {
        return new RepeatingTask("stored recordings count", () -> gauges.refresh().thenReturn(false),
                properties.storedGaugeInterval());
    }
}
