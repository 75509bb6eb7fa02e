package dev.veil.recording.capture;

import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingFailed;
import dev.veil.events.RecordingStarted;
import dev.veil.events.VeilEvent;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingIntegration;
import dev.veil.recording.store.MediaStore;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The carrier's recording callbacks against real Kafka and Postgres, with the carrier's media served by a local
 * HTTP server: signatures, idempotency, the copy into the store, retries and the failure path.
 */
class RecordingCaptureTests extends RecordingIntegration {

    private static final String ACCOUNT = "MACAPTURE00000000001";

    @Test
    void storesTheCarriersBytesAndPublishesStartedThenCompleted() throws Exception {
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(24_000);
        String url = MediaServer.get().serve(call.recordingId() + ".mp3", bytes, "audio/mpeg");

        postSigned(call, started(call, url)).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/xml")
                .expectBody(String.class).isEqualTo("<Response/>");
        assertThat(status(call.recordingId())).isEqualTo("in_progress");
        Instant end = clock.instant();
        postSigned(call, finished(call, url, 12_345, end)).expectStatus().isOk();

        List<VeilEvent> events = events(call.sessionUuid(), 2);
        RecordingStarted started = (RecordingStarted) events.get(0);
        assertThat(started.recordingId()).isEqualTo(call.recordingId());
        assertThat(started.callUuid()).isEqualTo(call.callUuid());
        assertThat(started.accountId()).isEqualTo(ACCOUNT);
        assertThat(started.format()).isEqualTo("mp3");
        RecordingCompleted completed = (RecordingCompleted) events.get(1);
        assertThat(completed.sizeBytes()).isEqualTo(bytes.length);
        assertThat(completed.durationSeconds()).isEqualTo(12);
        assertThat(completed.endTime()).isEqualTo(Instant.ofEpochMilli(end.toEpochMilli()));
        assertThat(completed.startTime()).isEqualTo(Instant.ofEpochMilli(end.toEpochMilli() - 12_345));
        assertThat(completed.resourceUrl())
                .isEqualTo(PUBLIC_BASE + "/v1/Account/" + ACCOUNT + "/Recording/" + call.recordingId() + "/");
        assertThat(completed.mediaUrl())
                .isEqualTo(PUBLIC_BASE + "/v1/Account/" + ACCOUNT + "/Recording/" + call.recordingId() + ".mp3");

        assertThat(status(call.recordingId())).isEqualTo("completed");
        assertThat(Files.readAllBytes(storedFile(call.recordingId()))).isEqualTo(bytes);
        String checksum = db.sql("SELECT sha256 FROM recordings WHERE recording_id = :id")
                .bind("id", call.recordingId()).map(r -> r.get(0, String.class)).one().block();
        assertThat(checksum).isEqualTo(HexFormat.of().formatHex(MediaStore.sha256().digest(bytes)));
    }

    @Test
    void aRepeatedCallbackChangesNothingAndPublishesNothingMore() {
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(5_000);
        String url = MediaServer.get().serve(call.recordingId() + ".mp3", bytes, "audio/mpeg");
        Instant end = clock.instant();
        MultiValueMap<String, String> finished = finished(call, url, 3_000, end);
        postSigned(call, started(call, url)).expectStatus().isOk();
        postSigned(call, finished).expectStatus().isOk();
        events(call.sessionUuid(), 2);

        // The carrier retries both callbacks (new nonces, as a real retry has) and replays one verbatim.
        postSigned(call, started(call, url)).expectStatus().isOk();
        postSigned(call, finished).expectStatus().isOk();
        String nonce = UUID.randomUUID().toString();
        String signature = PlivoSignatureV3.sign("POST", WEBHOOK_BASE + callbackPath(call), finished, nonce,
                CARRIER_TOKEN);
        post(call, finished, signature, nonce).expectStatus().isOk();
        post(call, finished, signature, nonce).expectStatus().isOk();

        // The outbox publishes in order: once a later recording's event is out, a duplicate would be too.
        Call next = call.nextRecording();
        postSigned(next, started(next, url)).expectStatus().isOk();
        List<VeilEvent> events = events(call.sessionUuid(), 3);
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RecordingStarted", "RecordingCompleted", "RecordingStarted");
        assertThat(((RecordingStarted) events.get(2)).recordingId()).isEqualTo(next.recordingId());
        assertThat(MediaServer.get().requests(call.recordingId() + ".mp3")).isEqualTo(1);
    }

    @Test
    void aFinishedCallbackWithoutAStartedOneStillStoresTheRecording() throws Exception {
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(8_044);
        String url = MediaServer.get().serve(call.recordingId() + ".wav", bytes, "audio/wav");

        postSigned(call, finished(call, url, 1_000, clock.instant())).expectStatus().isOk();

        List<VeilEvent> events = events(call.sessionUuid(), 2);
        assertThat(((RecordingStarted) events.get(0)).format()).isEqualTo("wav");
        RecordingCompleted completed = (RecordingCompleted) events.get(1);
        assertThat(completed.format()).isEqualTo("wav");
        assertThat(completed.mediaUrl()).endsWith("/Recording/" + call.recordingId() + ".wav");
        assertThat(Files.readAllBytes(storedFile(call.recordingId()))).isEqualTo(bytes);
    }

    @Test
    void aBadSignatureIsRefusedAndNothingIsStored() {
        Call call = Call.of(ACCOUNT);
        String url = MediaServer.get().serve(call.recordingId() + ".mp3", media(100), "audio/mpeg");
        MultiValueMap<String, String> form = finished(call, url, 1_000, clock.instant());
        String nonce = UUID.randomUUID().toString();

        // Another token; the right token over another URL (the account in the query changed); no signature.
        post(call, form, PlivoSignatureV3.sign("POST", WEBHOOK_BASE + callbackPath(call), form, nonce, "forged"),
                nonce).expectStatus().isForbidden();
        Call otherAccount = new Call(call.sessionUuid(), "MAOTHER0000000000001", call.callUuid(),
                call.recordingId());
        post(otherAccount, form, PlivoSignatureV3.sign("POST", WEBHOOK_BASE + callbackPath(call), form, nonce,
                CARRIER_TOKEN), nonce).expectStatus().isForbidden();
        web.post().uri(callbackPath(call))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("RecordingID=" + call.recordingId())
                .exchange().expectStatus().isForbidden();

        assertThat(status(call.recordingId())).isNull();
        assertThat(MediaServer.get().requests(call.recordingId() + ".mp3")).isZero();
    }

    @Test
    void aMalformedCallbackIsABadRequest() {
        Call call = Call.of(ACCOUNT);
        MultiValueMap<String, String> form = finished(call, "ftp://media.example/x.mp3", 1_000, clock.instant());

        postSigned(call, form).expectStatus().isBadRequest();

        assertThat(status(call.recordingId())).isNull();
    }

    @Test
    void mediaTheCarrierNeverServesEndsInRecordingFailedAfterTheLastTry() {
        Call call = Call.of(ACCOUNT);
        String url = MediaServer.get().fail(call.recordingId() + ".mp3", 404);
        double failuresBefore = counter("veil.recordings.failures", "reason", "media-unavailable");

        List<VeilEvent> events = record(call, url, 2_000, 2);

        RecordingFailed failed = (RecordingFailed) events.get(1);
        assertThat(failed.recordingId()).isEqualTo(call.recordingId());
        assertThat(failed.callUuid()).isEqualTo(call.callUuid());
        assertThat(failed.reason()).isEqualTo("media-unavailable");
        assertThat(status(call.recordingId())).isEqualTo("failed");
        assertThat(storedFile(call.recordingId())).isNull();
        // Three tries (veil.recording.download.max-attempts), then no more.
        assertThat(MediaServer.get().requests(call.recordingId() + ".mp3")).isEqualTo(3);
        assertThat(counter("veil.recordings.failures", "reason", "media-unavailable"))
                .isEqualTo(failuresBefore + 1);
        assertThat(db.sql("SELECT count(*) FROM recording_downloads WHERE recording_id = :id")
                .bind("id", call.recordingId()).map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void aCarrierErrorIsRetriedWithBackoffUntilTheMediaComes() throws Exception {
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(3_000);
        String url = MediaServer.get().failThenServe(call.recordingId() + ".mp3", bytes, "audio/mpeg", 500, 2);

        List<VeilEvent> events = record(call, url, 2_000, 2);

        assertThat(events.get(1)).isInstanceOf(RecordingCompleted.class);
        assertThat(MediaServer.get().requests(call.recordingId() + ".mp3")).isEqualTo(3);
        assertThat(Files.readAllBytes(storedFile(call.recordingId()))).isEqualTo(bytes);
    }

    @Test
    void aPendingDownloadIsTakenFromTheDatabase() {
        // A download scheduled by an earlier run of the service (the row is all the job needs).
        Call call = Call.of(ACCOUNT);
        byte[] bytes = media(1_500);
        String url = MediaServer.get().serve(call.recordingId() + ".mp3", bytes, "audio/mpeg");
        Instant now = clock.instant();
        db.sql("""
                        INSERT INTO recordings (recording_id, session_uuid, account_id, call_uuid, format, status,
                                                duration_ms, recording_start, recording_end, record_url)
                        VALUES (:id, :session, :account, :call, 'mp3', 'in_progress', 1000, :start, :end, :url)""")
                .bind("id", call.recordingId()).bind("session", call.sessionUuid()).bind("account", ACCOUNT)
                .bind("call", call.callUuid()).bind("start", now.minusSeconds(1).atOffset(ZoneOffset.UTC))
                .bind("end", now.atOffset(ZoneOffset.UTC)).bind("url", url)
                .then().block();
        db.sql("INSERT INTO recording_downloads (recording_id, attempts, next_attempt_at) VALUES (:id, 1, :at)")
                .bind("id", call.recordingId()).bind("at", now.atOffset(ZoneOffset.UTC)).then().block();

        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(status(call.recordingId())));
        assertThat(((RecordingCompleted) events(call.sessionUuid(), 1).getFirst()).sizeBytes())
                .isEqualTo(bytes.length);
    }
}
