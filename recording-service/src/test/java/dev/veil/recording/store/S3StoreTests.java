package dev.veil.recording.store;

import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingDeleted;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.events.VeilEvent;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingServiceApplication;
import dev.veil.recording.RecordingTestSupport;
import dev.veil.recording.SimulatedClockConfiguration;
import dev.veil.testsupport.FakeSessionService;
import dev.veil.testsupport.VeilInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3-compatible store ({@code veil.recording.store.type=s3}) against a real S3 server in the test JVM
 * ({@link S3ProxyServer}): capture → media in the bucket → download through the API, whole and by range → delete →
 * retention → erasure, as the directory store's tests do. A context of its own (schema {@code recording_s3}, its own
 * consumer group), so its jobs never touch the directory store's recordings.
 */
@SpringBootTest(properties = {
        "spring.config.name=" + RecordingServiceApplication.CONFIG_NAME,
        "veil.recording.webhook-base-url=" + RecordingTestSupport.WEBHOOK_BASE,
        "veil.recording.public-base-url=" + RecordingTestSupport.PUBLIC_BASE,
        "veil.recording.download.max-attempts=3",
        "veil.recording.download.initial-backoff=100ms",
        "veil.recording.download.max-backoff=200ms",
        "veil.recording.download.poll-interval=50ms",
        "veil.recording.retention.purge-interval=200ms",
        "veil.recording.retention.accounts[" + RecordingTestSupport.LONG_RETENTION_ACCOUNT + "]=365",
        "veil.recording.store.type=s3",
        "veil.recording.store.s3.region=us-east-1",
        "veil.recording.store.s3.bucket=" + S3ProxyServer.BUCKET,
        "veil.recording.store.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
        "veil.recording.store.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
        "veil.recording.store.s3.path-style-access=true",
        "spring.cloud.stream.bindings.onSessionEvents-in-0.group=recording-service-s3-tests",
        "spring.cloud.stream.bindings.onCallEvents-in-0.group=recording-service-s3-tests-calls"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(SimulatedClockConfiguration.class)
class S3StoreTests extends RecordingTestSupport {

    private static final String ACCOUNT = "MAS3STORE00000000001";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        VeilInfrastructure.get().register(registry, "recording_s3");
        registry.add("veil.accounts.session-service-url", FakeSessionService.get()::baseUrl);
        registry.add("veil.recording.store.directory",
                Files.createTempDirectory("veil-recordings-staging-")::toString);
        registry.add("veil.recording.store.s3.endpoint", S3ProxyServer.get()::endpoint);
    }

    @Autowired
    private MediaStore store;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void theS3StoreIsTheOneInUse() {
        assertThat(store).isInstanceOf(S3MediaStore.class);
    }

    @Test
    void capturedMediaIsStoredInTheBucketAndServedWholeAndByRange() {
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(150_000);
        List<VeilEvent> events = record(call, MediaServer.get().serve(call.recordingId() + ".mp3", bytes,
                "audio/mpeg"), 9_000, 2);

        RecordingCompleted completed = (RecordingCompleted) events.get(1);
        assertThat(completed.sizeBytes()).isEqualTo(bytes.length);
        String key = storagePath(call.recordingId());
        assertThat(key).isEqualTo(ACCOUNT + "/" + call.recordingId() + ".mp3");
        assertThat(S3ProxyServer.get().bytes(key)).isEqualTo(bytes);
        assertThat(S3ProxyServer.get().metadata(key))
                .containsEntry("sha256", HexFormat.of().formatHex(MediaStore.sha256().digest(bytes)));

        WebTestClient owner = web.mutate().filter(FakeSessionService.asPathOwner()).build();
        String media = "/v1/Account/" + ACCOUNT + "/Recording/" + call.recordingId() + ".mp3";
        assertThat(owner.get().uri(media).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/mpeg")
                .expectHeader().contentLength(bytes.length)
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(bytes);
        assertThat(owner.get().uri(media).header(HttpHeaders.RANGE, "bytes=100000-100099").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100000-100099/" + bytes.length)
                .expectHeader().contentLength(100)
                .expectBody(byte[].class).returnResult().getResponseBody())
                .isEqualTo(Arrays.copyOfRange(bytes, 100_000, 100_100));
        assertThat(owner.get().uri(media).header(HttpHeaders.RANGE, "bytes=-10").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody(byte[].class).returnResult().getResponseBody())
                .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));
        owner.get().uri(media).header(HttpHeaders.RANGE, "bytes=" + bytes.length + "-").exchange()
                .expectStatus().isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + bytes.length);

        // Deleted through the API: gone from the bucket.
        owner.delete().uri("/v1/Account/" + ACCOUNT + "/Recording/" + call.recordingId() + "/").exchange()
                .expectStatus().isNoContent();
        assertThat(S3ProxyServer.get().exists(key)).isFalse();
        assertThat(storagePath(call.recordingId())).isNull();
        owner.get().uri(media).exchange().expectStatus().isNotFound();
        assertThat(((RecordingDeleted) events(call.sessionUuid(), 3).get(2)).reason()).isEqualTo("api");
    }

    @Test
    void mediaMissingFromTheBucketIsNotFound() {
        Call call = Call.of(ACCOUNT);
        record(call, MediaServer.get().serve(call.recordingId() + ".wav", media(700), "audio/wav"), 700, 2);
        S3ProxyServer.get().remove(storagePath(call.recordingId()));

        web.get().uri("/v1/Account/" + ACCOUNT + "/Recording/" + call.recordingId() + ".wav")
                .headers(h -> h.setBasicAuth(ACCOUNT, FakeSessionService.token(ACCOUNT)))
                .exchange().expectStatus().isNotFound();
    }

    /** Made with the clock set back 91 days, then purged by the job once the clock is back to now. */
    @Test
    void retentionPurgesTheObject() {
        Call expired = Call.of(ACCOUNT);
        clock.advance(Duration.ofDays(-91));
        record(expired, MediaServer.get().serve(expired.recordingId() + ".mp3", media(1_000), "audio/mpeg"), 1_000,
                2);
        String key = storagePath(expired.recordingId());
        assertThat(S3ProxyServer.get().exists(key)).isTrue();

        clock.reset();
        await().atMost(WAIT).until(() -> storagePath(expired.recordingId()) == null);
        assertThat(status(expired.recordingId())).isEqualTo("deleted");
        assertThat(S3ProxyServer.get().exists(key)).isFalse();
        assertThat(((RecordingDeleted) events(expired.sessionUuid(), 3).get(2)).reason()).isEqualTo("retention");
    }

    @Test
    void erasureRemovesTheSessionsObjects() {
        Call call = Call.of(ACCOUNT);
        record(call, MediaServer.get().serve(call.recordingId() + ".mp3", media(2_000), "audio/mpeg"), 2_000, 2);
        String key = storagePath(call.recordingId());
        Instant now = Instant.now();
        SessionExpired erased = new SessionExpired(call.sessionUuid(), new SessionState(ACCOUNT, null, null,
                "+14155550000", "expired", 3600, 45, now.minusSeconds(60), now, true, "mp3"), "erased", now);

        publish(erased, envelope(erased, "session-service"));

        await().atMost(WAIT).until(() -> storagePath(call.recordingId()) == null);
        assertThat(S3ProxyServer.get().exists(key)).isFalse();
        assertThat(((RecordingDeleted) events(call.sessionUuid(), 3).get(2)).reason()).isEqualTo("erasure");
    }
}
