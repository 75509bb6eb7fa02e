package dev.veil.recording.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.veil.recording.RecordingUrls;
import dev.veil.recording.metadata.Recording;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * The JSON of the Recording API: Plivo's Recording object (the fields the Plivo SDKs read, with Plivo's types:
 * millisecond figures as decimal strings, {@code recording_type} {@code normal}) plus Veil's {@code session_uuid},
 * {@code file_size} (bytes) and {@code sha256} of the stored media.
 */
@Component
class RecordingViews {

    /** Plivo's {@code add_time}: {@code 2022-08-05 16:15:15.852059+00:00}. */
    private static final DateTimeFormatter ADD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private final RecordingUrls urls;

    RecordingViews(RecordingUrls urls) {
        this.urls = urls;
    }

    View of(Recording recording) {
        return view(null, recording);
    }

    View withApiId(String apiId, Recording recording) {
        return view(apiId, recording);
    }

    private View view(@Nullable String apiId, Recording recording) {
        long durationMs = Objects.requireNonNullElse(recording.durationMs(), 0L);
        return new View(apiId,
                recording.recordingId(),
                recording.callUuid(),
                recording.sessionUuid(),
                null,
                recording.storedAt() == null ? null : ADD_TIME.format(recording.storedAt()),
                recording.format(),
                "normal",
                millis(durationMs),
                recording.start() == null ? null : millis(recording.start().toEpochMilli()),
                recording.end() == null ? null : millis(recording.end().toEpochMilli()),
                // Plivo rounds a recording's duration up to the next whole minute, in seconds.
                (durationMs + 59_999) / 60_000 * 60,
                urls.mediaUrl(recording.accountId(), recording.recordingId(), recording.format()),
                RecordingUrls.resourcePath(recording.accountId(), recording.recordingId()),
                recording.sizeBytes(),
                recording.sha256());
    }

    /** Plivo writes millisecond figures as decimal strings: {@code "345100.00000"}. */
    private static String millis(long value) {
        return value + ".00000";
    }

    /** One recording; {@code api_id} only when it is the whole answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record View(
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiId,
            String recordingId,
            String callUuid,
            String sessionUuid,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String conferenceName,
            @Nullable String addTime,
            String recordingFormat,
            String recordingType,
            String recordingDurationMs,
            @Nullable String recordingStartMs,
            @Nullable String recordingEndMs,
            long roundedRecordingDuration,
            String recordingUrl,
            String resourceUri,
            @Nullable Long fileSize,
            @Nullable String sha256) {
    }

    /** A page of the list. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Page(String apiId, Meta meta, List<View> objects) {
    }

    /** Plivo's list {@code meta}; {@code next} and {@code previous} are relative URLs, or null. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Meta(int limit, long offset, @Nullable String next, @Nullable String previous, long totalCount) {
    }
}
