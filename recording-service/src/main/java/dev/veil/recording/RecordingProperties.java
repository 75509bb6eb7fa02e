package dev.veil.recording;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of recording-service ({@code veil.recording.*}).
 *
 * @param storedGaugeInterval how often the {@code veil.recordings.stored} gauge re-counts the stored recordings
 *                            in the database; default 30 s. The gauge lags the table by at most this long; a
 *                            shorter interval costs one {@code count(*)} query each time
 */
@ConfigurationProperties("veil.recording")
public record RecordingProperties(@DefaultValue("30s") Duration storedGaugeInterval) {

    public RecordingProperties {
        if (storedGaugeInterval.isNegative() || storedGaugeInterval.isZero()) {
            throw new IllegalArgumentException("veil.recording.stored-gauge-interval must be positive");
        }
    }
}
