package dev.veil.recording.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.recording.metadata.Recordings;
import dev.veil.recording.retention.RecordingDeletion;
import dev.veil.recording.store.MediaStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The customer's Recording API, Plivo-shaped, under {@code /v1/Account/{auth_id}/Recording/}, authenticated with
 * the account's credentials by the platform's account filter ({@code veil.accounts.authenticate-paths}: 401 without
 * valid credentials, 404 for a path of an account the caller may not act for). Only the path account's stored
 * recordings are visible: another account's recording id, a recording still in progress, failed or deleted all
 * get 404 {@code {"api_id", "error": "not found"}}.
 * <ul>
 *   <li>{@code GET .../Recording/?session_uuid=&call_uuid=&limit=1..20&offset=} — newest first,
 *       {@code {api_id, meta: {limit, offset, next, previous, total_count}, objects}};</li>
 *   <li>{@code GET .../Recording/{recording_id}/} — one recording;</li>
 *   <li>{@code GET .../Recording/{recording_id}.mp3} (or {@code .wav}, its format) — the media, {@code audio/mpeg}
 *       or {@code audio/wav}, streamed from the store, with single {@code Range} requests (206, read from the store
 *       as a range);</li>
 *   <li>{@code DELETE .../Recording/{recording_id}/} — 204; the media is removed from the store and
 *       {@code RecordingDeleted} (reason {@code api}) published.</li>
 * </ul>
 */
@RestController
class RecordingController {

    private static final Logger log = LoggerFactory.getLogger(RecordingController.class);
    private static final int MAX_LIMIT = 20;

    private final Recordings recordings;
    private final RecordingViews views;
    private final MediaStore store;
    private final RecordingDeletion deletion;

    RecordingController(Recordings recordings, RecordingViews views, MediaStore store, RecordingDeletion deletion) {
        this.recordings = recordings;
        this.views = views;
        this.store = store;
        this.deletion = deletion;
    }

    @GetMapping({"/v1/Account/{accountId}/Recording", "/v1/Account/{accountId}/Recording/"})
    Mono<RecordingViews.Page> list(@PathVariable String accountId,
            @RequestParam(name = "session_uuid", required = false) @Nullable String sessionUuid,
            @RequestParam(name = "call_uuid", required = false) @Nullable String callUuid,
            @RequestParam(defaultValue = "20") String limit, @RequestParam(defaultValue = "0") String offset) {
        int pageSize = integer("limit", limit, 1, MAX_LIMIT);
        long skip = integer("offset", offset, 0, Integer.MAX_VALUE);
        String session = blankToNull(sessionUuid);
        String call = blankToNull(callUuid);
        return recordings.countStored(accountId, session, call)
                .zipWith(recordings.listStored(accountId, session, call, pageSize, skip)
                        .map(views::of).collectList())
                .map(found -> new RecordingViews.Page(apiId(),
                        new RecordingViews.Meta(pageSize, skip,
                                skip + pageSize < found.getT1() ? page(accountId, session, call, pageSize,
                                        skip + pageSize) : null,
                                skip > 0 ? page(accountId, session, call, pageSize, Math.max(0, skip - pageSize))
                                        : null,
                                found.getT1()),
                        found.getT2()));
    }

    /** A recording's media ({@code {id}.mp3}, {@code {id}.wav}, its own format only), whole or one byte range. */
    @Operation(summary = "A recording's media, whole or one byte range", responses = {
            @ApiResponse(responseCode = "200", description = "The whole media", content = {
                    @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))}),
            @ApiResponse(responseCode = "206", description = "The one range asked for, with Content-Range", content = {
                    @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))}),
            @ApiResponse(responseCode = "404", description = "No stored recording of the account with this id and "
                    + "format", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ErrorBody.class))),
            @ApiResponse(responseCode = "416", description = "The range starts past the media's end",
                    content = @Content)})
    @GetMapping("/v1/Account/{accountId}/Recording/{recordingId:[^.]+}.{format}")
    Mono<ResponseEntity<Flux<DataBuffer>>> media(@PathVariable String accountId, @PathVariable String recordingId,
            @PathVariable String format, @RequestHeader(name = HttpHeaders.RANGE, required = false)
            @Nullable String range) {
        return recordings.findStored(accountId, recordingId)
                .filter(recording -> recording.format().equals(format))
                .flatMap(recording -> {
                    String key = Objects.requireNonNull(recording.storagePath());
                    return Mono.fromCallable(() -> store.size(key))
                            .subscribeOn(Schedulers.boundedElastic())
                            .flatMap(size -> size.isPresent()
                                    ? Mono.just(media(key, format, size.getAsLong(), range))
                                    : missingMedia(recordingId));
                })
                .switchIfEmpty(Mono.error(RecordingNotFound::new));
    }

    /**
     * The media, streamed from the store: whole (200), or the one byte range asked for (206 with
     * {@code Content-Range}), read from the store as a range. A range beyond the media is 416; a header that is not
     * a valid range, or asks for several ranges, is answered with the whole media, as RFC 9110 allows.
     */
    private ResponseEntity<Flux<DataBuffer>> media(String key, String format, long size,
            @Nullable String rangeHeader) {
        Optional<HttpRange> range = singleRange(rangeHeader);
        if (range.isEmpty()) {
            return ResponseEntity.ok().contentType(mediaType(format)).header(HttpHeaders.ACCEPT_RANGES, "bytes")
                    .contentLength(size).body(store.read(key, 0, size));
        }
        long start = range.get().getRangeStart(size);
        long end = range.get().getRangeEnd(size);
        if (start >= size || end < start) {
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size).build();
        }
        long length = end - start + 1;
        return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).contentType(mediaType(format))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size)
                .contentLength(length).body(store.read(key, start, length));
    }

    private static Optional<HttpRange> singleRange(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            return ranges.size() == 1 ? Optional.of(ranges.getFirst()) : Optional.empty();
        } catch (IllegalArgumentException notARange) {
            return Optional.empty();
        }
    }

    @GetMapping({"/v1/Account/{accountId}/Recording/{recordingId:[^.]+}",
            "/v1/Account/{accountId}/Recording/{recordingId}/"})
    Mono<ResponseEntity<?>> get(@PathVariable String accountId, @PathVariable String recordingId) {
        return recordings.findStored(accountId, recordingId)
                .<ResponseEntity<?>>map(recording -> ResponseEntity.ok(views.withApiId(apiId(), recording)))
                .switchIfEmpty(Mono.fromSupplier(RecordingController::notFound));
    }

    @DeleteMapping({"/v1/Account/{accountId}/Recording/{recordingId}",
            "/v1/Account/{accountId}/Recording/{recordingId}/"})
    Mono<ResponseEntity<?>> delete(@PathVariable String accountId, @PathVariable String recordingId) {
        return deletion.deleteOnRequest(accountId, recordingId)
                .map(deleted -> deleted ? ResponseEntity.noContent().build() : notFound());
    }

    private static <T> Mono<T> missingMedia(String recordingId) {
        log.error("recording {} is stored but its media is missing from the store", recordingId);
        return Mono.error(new RecordingNotFound());
    }

    private static MediaType mediaType(String format) {
        return "wav".equals(format) ? MediaType.parseMediaType("audio/wav") : MediaType.parseMediaType("audio/mpeg");
    }

    private static String page(String accountId, @Nullable String session, @Nullable String call, int limit,
            long offset) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/v1/Account/{a}/Recording/")
                .queryParam("limit", limit).queryParam("offset", offset);
        Optional.ofNullable(session).ifPresent(s -> uri.queryParam("session_uuid", s));
        Optional.ofNullable(call).ifPresent(c -> uri.queryParam("call_uuid", c));
        return uri.encode().buildAndExpand(accountId).toUriString();
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Answered below like an out-of-range value.
        }
        throw new IllegalArgumentException(max == Integer.MAX_VALUE
                ? name + " must be a whole number of at least " + min
                : name + " must be a whole number from " + min + " to " + max);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String apiId() {
        return UUID.randomUUID().toString();
    }

    private static ResponseEntity<?> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorBody(apiId(), "not found"));
    }

    /** Plivo's error shape. */
    record ErrorBody(@JsonProperty("api_id") String apiId, String error) {
    }

    /** No stored recording (or media) of the path's account with that id: 404 in Plivo's error shape. */
    private static final class RecordingNotFound extends RuntimeException {
        RecordingNotFound() {
            super("not found", null, false, false);
        }
    }

    @ExceptionHandler
    ResponseEntity<?> notFound(RecordingNotFound e) {
        return notFound();
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorBody(apiId(), "Invalid parameter. " + e.getMessage() + "."));
    }
}
