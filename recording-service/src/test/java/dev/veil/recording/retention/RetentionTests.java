package dev.veil.recording.retention;

import dev.veil.events.RecordingDeleted;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingIntegration;
import dev.veil.testsupport.FakeSessionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention on a simulated clock: a recording is purged (media, row, {@code RecordingDeleted} reason
 * {@code retention}) once its account's retention has passed since it ended, and not before; media whose removal
 * a crash interrupted is removed by the next purge.
 */
class RetentionTests extends RecordingIntegration {

    private static final String ACCOUNT = "MARETAIN000000000001";

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /**
     * The recordings are made with the clock set back (91 and 89 days), and the clock is then set to now: the
     * purge job sees them as old as that. (Moving the clock forward instead would stamp the outbox's events in the
     * future, which Kafka refuses.)
     */
    @Test
    void purgesARecordingOnceItsAccountsRetentionHasPassed() {
        Call expired = Call.of(ACCOUNT);
        Call keptLonger = Call.of(LONG_RETENTION_ACCOUNT);
        Call young = Call.of(ACCOUNT);
        clock.advance(Duration.ofDays(-91));
        record(expired, MediaServer.get().serve(expired.recordingId() + ".mp3", media(1_000), "audio/mpeg"), 1_000,
                2);
        record(keptLonger, MediaServer.get().serve(keptLonger.recordingId() + ".mp3", media(1_000),
                "audio/mpeg"), 1_000, 2);
        clock.advance(Duration.ofDays(2));
        record(young, MediaServer.get().serve(young.recordingId() + ".mp3", media(1_000), "audio/mpeg"), 1_000, 2);
        Path expiredFile = storedFile(expired.recordingId());
        Path keptFile = storedFile(keptLonger.recordingId());
        assertThat(status(expired.recordingId())).isEqualTo("completed");

        clock.reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> "deleted".equals(status(expired.recordingId())));

        RecordingDeleted deleted = (RecordingDeleted) events(expired.sessionUuid(), 3).get(2);
        assertThat(deleted.reason()).isEqualTo("retention");
        assertThat(deleted.recordingId()).isEqualTo(expired.recordingId());
        assertThat(deleted.callUuid()).isEqualTo(expired.callUuid());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(expiredFile));
        web.get().uri("/v1/Account/{a}/Recording/{r}/", ACCOUNT, expired.recordingId())
                .headers(h -> h.setBasicAuth(ACCOUNT, FakeSessionService.token(ACCOUNT)))
                .exchange().expectStatus().isNotFound();
        // Kept 365 days by its account's setting; 89 days old is within the default 90.
        assertThat(status(keptLonger.recordingId())).isEqualTo("completed");
        assertThat(keptFile).exists();
        assertThat(status(young.recordingId())).isEqualTo("completed");
        assertThat(events(keptLonger.sessionUuid(), 2)).hasSize(2);
        assertThat(events(young.sessionUuid(), 2)).hasSize(2);
    }

    @Test
    void removesMediaADeletionLeftBehind() throws Exception {
        Call call = Call.of(ACCOUNT);
        record(call, MediaServer.get().serve(call.recordingId() + ".mp3", media(700), "audio/mpeg"), 700, 2);
        Path file = storedFile(call.recordingId());
        // As if the service stopped between committing a deletion and removing the file.
        db.sql("UPDATE recordings SET status = 'deleted', delete_reason = 'api' WHERE recording_id = :id")
                .bind("id", call.recordingId()).then().block();
        assertThat(file).exists();

        await().atMost(Duration.ofSeconds(30)).until(() -> storedFile(call.recordingId()) == null);
        assertThat(Files.exists(file)).isFalse();
    }
}
