package dev.veil.recording.sessions;

import dev.veil.events.RecordingDeleted;
import dev.veil.events.RecordingStarted;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingIntegration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure against real Kafka and Postgres: {@code SessionExpired} with reason {@code erased} on the session topic
 * deletes every recording of the session and its media, publishing {@code RecordingDeleted(reason=erasure)} once
 * per recording, and nothing more on redelivery; a later callback of the session stores nothing; other sessions
 * keep theirs.
 */
class ErasureTests extends RecordingIntegration {

    private static final String ACCOUNT = "MAERASE0000000000001";

    @Test
    void anErasedSessionLosesEveryRecordingAndItsMediaOnce() {
        Call first = Call.of(ACCOUNT);
        Call second = first.nextRecording();
        Call running = second.nextRecording();
        Call otherSession = Call.of(ACCOUNT);
        record(first, MediaServer.get().serve(first.recordingId() + ".mp3", media(2_000), "audio/mpeg"), 2_000, 2);
        record(second, MediaServer.get().serve(second.recordingId() + ".mp3", media(3_000), "audio/mpeg"), 3_000,
                4);
        postSigned(running, started(running, MediaServer.get().serve(running.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        events(first.sessionUuid(), 5);
        record(otherSession, MediaServer.get().serve(otherSession.recordingId() + ".mp3", media(1_000),
                "audio/mpeg"), 1_000, 2);
        Path firstFile = storedFile(first.recordingId());
        Path secondFile = storedFile(second.recordingId());
        Path otherFile = storedFile(otherSession.recordingId());
        assertThat(firstFile).exists();

        SessionExpired erased = erased(first.sessionUuid());
        EventEnvelope envelope = envelope(erased, "session-service");
        publish(erased, envelope);

        await().atMost(WAIT).until(() -> storedFile(first.recordingId()) == null
                && storedFile(second.recordingId()) == null && "deleted".equals(status(running.recordingId())));
        assertThat(firstFile).doesNotExist();
        assertThat(secondFile).doesNotExist();
        List<VeilEvent> events = events(first.sessionUuid(), 8);
        List<RecordingDeleted> deleted = events.subList(5, 8).stream().map(RecordingDeleted.class::cast).toList();
        assertThat(deleted).extracting(RecordingDeleted::reason).containsOnly("erasure");
        assertThat(deleted).extracting(RecordingDeleted::recordingId)
                .containsExactlyInAnyOrder(first.recordingId(), second.recordingId(), running.recordingId());
        assertThat(db.sql("SELECT count(*) FROM recordings WHERE session_uuid = :s AND record_url IS NOT NULL")
                .bind("s", first.sessionUuid()).map(r -> r.get(0, Long.class)).one().block()).isZero();

        // The same event redelivered, and a second erasure naming the session's other party.
        publish(erased, envelope);
        SessionExpired again = erased(first.sessionUuid());
        EventEnvelope againEnvelope = envelope(again, "session-service");
        publish(again, againEnvelope);
        await().atMost(WAIT).until(() -> consumed(SessionEventsBinding.CONSUMER, againEnvelope.id()));
        // A late report of the erased session's call is acknowledged and dropped.
        Call late = running.nextRecording();
        postSigned(late, started(late, MediaServer.get().serve(late.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        assertThat(status(late.recordingId())).isNull();

        // The outbox publishes in order: once a later event of another session is out, a duplicate would be too.
        Call marker = otherSession.nextRecording();
        postSigned(marker, started(marker, MediaServer.get().serve(marker.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        assertThat(events(otherSession.sessionUuid(), 3).get(2)).isInstanceOf(RecordingStarted.class);
        assertThat(events(first.sessionUuid(), 8)).hasSize(8);
        assertThat(status(otherSession.recordingId())).isEqualTo("completed");
        assertThat(otherFile).exists();
    }

    private static SessionExpired erased(String sessionUuid) {
        Instant now = Instant.now();
        SessionState state = new SessionState(ACCOUNT, null, null, "+14155550000", "expired", 3600, 45,
                now.minus(Duration.ofHours(1)), now, true, "mp3");
        return new SessionExpired(sessionUuid, state, "erased", now);
    }
}
