package dev.veil.recording.retention;

import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.recording.RecordingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The purge job: every {@code veil.recording.retention.purge-interval} (at once again while it finds a full batch)
 * it deletes the recordings whose retention ended, by Veil's {@link java.time.Clock}, and removes media left behind
 * by an earlier deletion. Everything it needs is in the database, so a restart loses nothing: the next run finds
 * what is due.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RepeatingTask retentionPurgeTask(RecordingDeletion deletion, RecordingProperties properties) {
        RecordingProperties.Retention retention = properties.retention();
        return new RepeatingTask("recording retention purge",
                () -> deletion.deleteExpired(retention.accounts(), retention.defaultDays(), retention.batchSize())
                        .flatMap(purged -> deletion.sweepLeftovers(retention.batchSize())
                                .map(swept -> purged >= retention.batchSize() || swept >= retention.batchSize())),
                retention.purgeInterval());
    }
}
