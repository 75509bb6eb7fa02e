package dev.veil.recording.store;

import dev.veil.recording.RecordingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.util.Objects;

/**
 * The {@link MediaStore} of {@code veil.recording.store.type}: {@code filesystem} (the default) or {@code s3}. The
 * S3 store's client (it holds a connection pool) is closed with the context.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    MediaStore mediaStore(RecordingProperties properties) {
        RecordingProperties.Store store = properties.store();
        return switch (store.type()) {
            case FILESYSTEM -> new FileSystemMediaStore(store.directory());
            case S3 -> new S3MediaStore(s3Client(store.s3()), Objects.requireNonNull(store.s3().bucket()),
                    store.directory());
        };
    }

    private static S3Client s3Client(RecordingProperties.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess())
                .credentialsProvider(credentials(settings))
                // Checksums only where S3 requires them: S3-compatible stores do not all take the SDK's default
                // trailing checksums. Uploads carry a Content-MD5, which every one of them verifies.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** The configured key pair, else the SDK's default chain (environment, profile, instance or pod role). */
    private static AwsCredentialsProvider credentials(RecordingProperties.S3 settings) {
        if (settings.accessKey() != null && settings.secretKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                    settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
