package dev.veil.recording;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings that cannot work are refused when the service starts, with the property named. */
class RecordingPropertiesTests {

    private static final Path DIRECTORY = Path.of("recordings");

    @Test
    void anS3StoreNeedsABucketAndBothKeysOrNeither() {
        assertThatThrownBy(() -> new RecordingProperties.Store(RecordingProperties.StoreType.S3, DIRECTORY,
                s3(" ", "key", "secret")))
                .hasMessageContaining("veil.recording.store.s3.bucket");
        assertThatThrownBy(() -> new RecordingProperties.Store(RecordingProperties.StoreType.S3, DIRECTORY,
                s3("bucket", "key", null)))
                .hasMessageContaining("access-key and secret-key");

        assertThat(new RecordingProperties.Store(RecordingProperties.StoreType.S3, DIRECTORY,
                s3("bucket", null, "")).s3().secretKey()).isNull();
        // The directory store reads none of it.
        assertThat(new RecordingProperties.Store(RecordingProperties.StoreType.FILESYSTEM, DIRECTORY,
                s3(null, null, null)).directory()).isEqualTo(DIRECTORY);
    }

    @Test
    void theUnreportedRecordingsJobNeedsAPositiveGracePeriod() {
        assertThatThrownBy(() -> new RecordingProperties.Unreported(Duration.ZERO, Duration.ofSeconds(30), 100))
                .hasMessageContaining("veil.recording.unreported.grace-period");
        assertThatThrownBy(() -> new RecordingProperties.Unreported(Duration.ofMinutes(10), Duration.ofSeconds(30),
                0))
                .hasMessageContaining("veil.recording.unreported.batch-size");
    }

    private static RecordingProperties.S3 s3(String bucket, String accessKey, String secretKey) {
        return new RecordingProperties.S3(URI.create("http://127.0.0.1:9000"), "us-east-1", bucket, accessKey,
                secretKey, true);
    }
}
