package dev.veil.recording.api;

import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingDeleted;
import dev.veil.events.VeilEvent;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingIntegration;
import dev.veil.testsupport.FakeSessionService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Recording API over recordings captured through the carrier's callbacks: list with filters and pages, get,
 * media with its content type and ranges, delete, and tenant isolation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingApiTests extends RecordingIntegration {

    private static final String ACCOUNT = "MARECAPI000000000001";
    private static final String OTHER_ACCOUNT = "MARECAPIOTHER0000001";

    /** Sends each request with the credentials of the account in its path, as its owner would. */
    private WebTestClient owner;
    private final Call first = Call.of(ACCOUNT);
    private final Call second = first.nextRecording();
    private final Call otherSession = Call.of(ACCOUNT);
    private final byte[] firstMedia = media(30_000);

    /**
     * Recorded one after the other, each ending now and lasting no longer than the one before, so each started
     * strictly later than the one before: the newest-first order does not depend on how fast they were recorded.
     */
    @BeforeAll
    void twoSessionsThreeRecordings() {
        owner = web.mutate().filter(FakeSessionService.asPathOwner()).build();
        record(first, MediaServer.get().serve(first.recordingId() + ".mp3", firstMedia, "audio/mpeg"), 15_000, 2);
        record(second, MediaServer.get().serve(second.recordingId() + ".wav", media(9_000), "audio/wav"), 1_000, 4);
        record(otherSession, MediaServer.get().serve(otherSession.recordingId() + ".mp3", media(2_000),
                "audio/mpeg"), 500, 2);
    }

    private String recordings() {
        return "/v1/Account/" + ACCOUNT + "/Recording/";
    }

    @Test
    void listsTheAccountsRecordingsNewestFirstWithPlivosShape() {
        owner.get().uri(recordings()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.meta.total_count").isEqualTo(3)
                .jsonPath("$.meta.limit").isEqualTo(20)
                .jsonPath("$.meta.offset").isEqualTo(0)
                .jsonPath("$.meta.next").isEmpty()
                .jsonPath("$.meta.previous").isEmpty()
                .jsonPath("$.objects.length()").isEqualTo(3)
                .jsonPath("$.objects[0].recording_id").isEqualTo(otherSession.recordingId())
                .jsonPath("$.objects[2].recording_id").isEqualTo(first.recordingId());
    }

    @Test
    void filtersBySessionAndCallAndPages() {
        owner.get().uri(recordings() + "?session_uuid={s}", first.sessionUuid()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(2)
                .jsonPath("$.objects[*].session_uuid").isEqualTo(List.of(first.sessionUuid(), first.sessionUuid()));
        owner.get().uri(recordings() + "?call_uuid={c}", second.callUuid()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(1)
                .jsonPath("$.objects[0].recording_id").isEqualTo(second.recordingId());
        owner.get().uri(recordings() + "?limit=2&offset=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.objects.length()").isEqualTo(2)
                .jsonPath("$.objects[1].recording_id").isEqualTo(first.recordingId())
                .jsonPath("$.meta.next").isEmpty()
                .jsonPath("$.meta.previous").isEqualTo("/v1/Account/" + ACCOUNT + "/Recording/?limit=2&offset=0");
        owner.get().uri(recordings() + "?limit=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.next").isEqualTo("/v1/Account/" + ACCOUNT + "/Recording/?limit=1&offset=1");
    }

    @Test
    void refusesALimitOutsideOneToTwenty() {
        for (String limit : List.of("0", "21", "ten")) {
            owner.get().uri(recordings() + "?limit=" + limit).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo(
                            "Invalid parameter. limit must be a whole number from 1 to 20.");
        }
        owner.get().uri(recordings() + "?offset=-1").exchange().expectStatus().isBadRequest();
    }

    @Test
    void getsOneRecordingAsPlivoDescribesIt() {
        owner.get().uri(recordings() + first.recordingId() + "/").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.recording_id").isEqualTo(first.recordingId())
                .jsonPath("$.call_uuid").isEqualTo(first.callUuid())
                .jsonPath("$.session_uuid").isEqualTo(first.sessionUuid())
                .jsonPath("$.recording_format").isEqualTo("mp3")
                .jsonPath("$.recording_type").isEqualTo("normal")
                .jsonPath("$.recording_duration_ms").isEqualTo("15000.00000")
                .jsonPath("$.rounded_recording_duration").isEqualTo(60)
                .jsonPath("$.file_size").isEqualTo(firstMedia.length)
                .jsonPath("$.recording_url").isEqualTo(PUBLIC_BASE + recordings() + first.recordingId() + ".mp3")
                .jsonPath("$.resource_uri").isEqualTo(recordings() + first.recordingId() + "/");
        // Without the trailing slash too.
        owner.get().uri(recordings() + second.recordingId()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.recording_format").isEqualTo("wav");
    }

    @Test
    void downloadsTheMediaWithItsContentTypeAndRanges() {
        byte[] body = owner.get().uri(recordings() + first.recordingId() + ".mp3").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/mpeg")
                .expectHeader().contentLength(firstMedia.length)
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(firstMedia);

        byte[] range = owner.get().uri(recordings() + first.recordingId() + ".mp3")
                .header(HttpHeaders.RANGE, "bytes=100-199").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-199/" + firstMedia.length)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(range).isEqualTo(Arrays.copyOfRange(firstMedia, 100, 200));
        owner.get().uri(recordings() + first.recordingId() + ".mp3")
                .header(HttpHeaders.RANGE, "bytes=" + firstMedia.length + "-").exchange()
                .expectStatus().isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + firstMedia.length);

        owner.get().uri(recordings() + second.recordingId() + ".wav").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/wav");
        // The other format of a recording does not exist.
        owner.get().uri(recordings() + first.recordingId() + ".wav").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void anotherTenantGetsNotFoundAndNobodyGetsInWithoutCredentials() {
        // The other account, with its own credentials on its own path, asking for this account's recording.
        String others = "/v1/Account/" + OTHER_ACCOUNT + "/Recording/";
        for (String path : List.of(others + first.recordingId() + "/", others + first.recordingId() + ".mp3")) {
            owner.get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isEqualTo("not found");
        }
        owner.delete().uri(others + first.recordingId() + "/").exchange().expectStatus().isNotFound();
        owner.get().uri(others).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.meta.total_count").isEqualTo(0);
        // The other account's credentials on this account's path.
        web.get().uri(recordings() + first.recordingId() + ".mp3")
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, FakeSessionService.token(OTHER_ACCOUNT)))
                .exchange().expectStatus().isNotFound();
        web.get().uri(recordings()).exchange().expectStatus().isUnauthorized();
        owner.get().uri(recordings() + first.recordingId() + "/").exchange().expectStatus().isOk();
    }

    @Test
    void deletingARecordingRemovesItsMediaAndPublishesRecordingDeleted() {
        Call doomed = Call.of(ACCOUNT);
        List<VeilEvent> recorded = record(doomed, MediaServer.get().serve(doomed.recordingId() + ".mp3",
                media(4_000), "audio/mpeg"), 4_000, 2);
        assertThat(recorded.get(1)).isInstanceOf(RecordingCompleted.class);
        Path file = storedFile(doomed.recordingId());
        assertThat(file).exists();

        owner.delete().uri(recordings() + doomed.recordingId() + "/").exchange()
                .expectStatus().isNoContent();

        assertThat(file).doesNotExist();
        assertThat(status(doomed.recordingId())).isEqualTo("deleted");
        assertThat(storedFile(doomed.recordingId())).isNull();
        owner.get().uri(recordings() + doomed.recordingId() + "/").exchange().expectStatus().isNotFound();
        owner.get().uri(recordings() + doomed.recordingId() + ".mp3").exchange().expectStatus().isNotFound();
        owner.delete().uri(recordings() + doomed.recordingId()).exchange().expectStatus().isNotFound();
        RecordingDeleted deleted = (RecordingDeleted) events(doomed.sessionUuid(), 3).get(2);
        assertThat(deleted.reason()).isEqualTo("api");
        assertThat(deleted.recordingId()).isEqualTo(doomed.recordingId());
        assertThat(deleted.callUuid()).isEqualTo(doomed.callUuid());
    }

    @Test
    void aJsonClientGetsPlivosErrorShapeForAnUnknownRecording() {
        owner.get().uri(recordings() + "no-such-recording/").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not found");
    }
}
