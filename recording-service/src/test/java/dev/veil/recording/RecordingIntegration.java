package dev.veil.recording;

import dev.veil.testsupport.FakeSessionService;
import dev.veil.testsupport.VeilInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Spring context of most of recording-service's integration tests (real Kafka and Postgres, schema
 * {@code recording}, media in a temporary directory, session-service's account check stood in by
 * {@link FakeSessionService}, the carrier's media host by {@link MediaServer}, a {@link MutableClock}), shared by
 * every test class extending this. Download retries are quick (3 tries, 100 ms then 200 ms apart); the unreported
 * recordings job looks every 100 ms (grace period 10 min, as configured by default).
 */
@SpringBootTest(properties = {
        "spring.config.name=" + RecordingServiceApplication.CONFIG_NAME,
        "veil.recording.stored-gauge-interval=200ms",
        "veil.recording.webhook-base-url=" + RecordingTestSupport.WEBHOOK_BASE,
        "veil.recording.public-base-url=" + RecordingTestSupport.PUBLIC_BASE,
        "veil.recording.download.max-attempts=3",
        "veil.recording.download.initial-backoff=100ms",
        "veil.recording.download.max-backoff=200ms",
        "veil.recording.download.poll-interval=50ms",
        "veil.recording.retention.purge-interval=200ms",
        "veil.recording.unreported.poll-interval=100ms",
        "veil.recording.retention.accounts[" + RecordingTestSupport.LONG_RETENTION_ACCOUNT + "]=365"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(SimulatedClockConfiguration.class)
public abstract class RecordingIntegration extends RecordingTestSupport {

    private static final Path STORE = temporaryStore();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "recording");
        registry.add("veil.accounts.session-service-url", FakeSessionService.get()::baseUrl);
        registry.add("veil.recording.store.directory", STORE::toString);
    }

    private static Path temporaryStore() {
        try {
            return Files.createTempDirectory("veil-recordings-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a recording's media file is in the store's directory, or null when it is not stored. */
    protected Path storedFile(String recordingId) {
        String key = storagePath(recordingId);
        return key == null ? null : STORE.resolve(key);
    }
}
