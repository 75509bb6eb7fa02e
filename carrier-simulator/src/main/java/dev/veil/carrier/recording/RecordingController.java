package dev.veil.carrier.recording;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;

/**
 * Recording media and its failure switch.
 * <ul>
 *   <li>{@code GET /sim/v1/recordings/{id}.{mp3|wav}}: the media (audio/mpeg or audio/wav; {@code Range} requests
 *   answer 206), 404 for an unknown id or the wrong extension, or the configured failure status while
 *   unavailable.</li>
 *   <li>{@code PUT /sim/v1/recordings/availability} {@code {"available": false, "status": 503}}: media requests
 *   fail with {@code status} (404, 500 or 503; default 503) until {@code {"available": true}}.</li>
 * </ul>
 */
@RestController
class RecordingController {

    private static final Set<Integer> FAILURE_STATUSES = Set.of(404, 500, 503);

    private final Recordings recordings;

    RecordingController(Recordings recordings) {
        this.recordings = recordings;
    }

    /** Body of {@code PUT /sim/v1/recordings/availability}. */
    record Availability(@Nullable Boolean available, @Nullable Integer status) {
    }

    @GetMapping("/sim/v1/recordings/{file}")
    ResponseEntity<?> media(@PathVariable String file) {
        Integer failing = recordings.unavailableStatus();
        if (failing != null) {
            return ResponseEntity.status(failing).body(Map.of("error", "Recording media is unavailable."));
        }
        int dot = file.lastIndexOf('.');
        String id = dot < 0 ? file : file.substring(0, dot);
        String extension = dot < 0 ? "" : file.substring(dot + 1);
        return recordings.get(id)
                .filter(r -> r.fileFormat().equals(extension))
                .<ResponseEntity<?>>map(r -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(RecordingMedia.contentType(r.fileFormat())))
                        .body((Resource) new ByteArrayResource(RecordingMedia.bytes(r.fileFormat(), r.durationMs()))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "No recording with this id and format.")));
    }

    @PutMapping("/sim/v1/recordings/availability")
    ResponseEntity<?> availability(@RequestBody Availability body) {
        if (body.available() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "available (true or false) is required."));
        }
        if (body.available()) {
            recordings.makeAvailable();
            return ResponseEntity.ok(Map.of("available", true));
        }
        int status = body.status() == null ? 503 : body.status();
        if (!FAILURE_STATUSES.contains(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "status must be 404, 500 or 503."));
        }
        recordings.makeUnavailable(status);
        return ResponseEntity.ok(Map.of("available", false, "status", status));
    }
}
