package dev.veil.recording;

import org.springframework.stereotype.Component;

/**
 * The public URLs of a recording, on {@code veil.recording.public-base-url}: its API resource
 * ({@code /v1/Account/{auth_id}/Recording/{id}/}) and its media ({@code /v1/Account/{auth_id}/Recording/{id}.mp3}).
 * {@code RecordingCompleted} carries both; the API answers them.
 */
@Component
public class RecordingUrls {

    private final String publicBase;

    RecordingUrls(RecordingProperties properties) {
        this.publicBase = properties.publicBase();
    }

    /** The resource's path, Plivo's {@code resource_uri}. */
    public static String resourcePath(String accountId, String recordingId) {
        return "/v1/Account/" + accountId + "/Recording/" + recordingId + "/";
    }

    public String resourceUrl(String accountId, String recordingId) {
        return publicBase + resourcePath(accountId, recordingId);
    }

    public String mediaUrl(String accountId, String recordingId, String format) {
        return publicBase + "/v1/Account/" + accountId + "/Recording/" + recordingId + "." + format;
    }
}
