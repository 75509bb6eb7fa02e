package dev.veil.session.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * The body of every error of the public API, as Plivo shapes it: {@code {"api_id": "...", "error": "..."}}.
 *
 * @param apiId unique per response
 * @param error what went wrong, in words a developer can act on
 */
public record ApiError(@JsonProperty("api_id") String apiId, @JsonProperty("error") String error) {

    public static ApiError of(String error) {
        return new ApiError(UUID.randomUUID().toString(), error);
    }
}
