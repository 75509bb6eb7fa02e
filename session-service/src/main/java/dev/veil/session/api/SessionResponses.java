package dev.veil.session.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** The bodies of the session API's successful responses (PLIVO_API.md §1.3, §2). */
final class SessionResponses {

    private SessionResponses() {
    }

    /** 201 to a create; {@code virtual_number} here keeps its {@code +}, unlike inside {@code session}. */
    @JsonPropertyOrder({"api_id", "session_uuid", "virtual_number", "message", "session"})
    record Created(
            @JsonProperty("api_id") String apiId,
            @JsonProperty("session_uuid") String sessionUuid,
            @JsonProperty("virtual_number") String virtualNumber,
            @JsonProperty("message") String message,
            @JsonProperty("session") SessionView session) {
    }

    /** 200 to a get: the session under {@code response}. */
    @JsonPropertyOrder({"api_id", "response"})
    record Fetched(@JsonProperty("api_id") String apiId, @JsonProperty("response") SessionView response) {
    }

    /** 200 to an update. */
    @JsonPropertyOrder({"api_id", "message", "session"})
    record Updated(@JsonProperty("api_id") String apiId, @JsonProperty("message") String message,
            @JsonProperty("session") SessionView session) {
    }

    /** 200 to an expire (DELETE). */
    @JsonPropertyOrder({"api_id", "message"})
    record Expired(@JsonProperty("api_id") String apiId, @JsonProperty("message") String message) {
    }

    /**
     * 200 to a list: Plivo's shape puts the page under {@code response}; {@code meta} and {@code objects} are
     * repeated at the top level because the Java SDK's list iteration and count read them there.
     */
    @JsonPropertyOrder({"api_id", "response", "meta", "objects"})
    record Listed(@JsonProperty("api_id") String apiId, @JsonProperty("response") Page response,
            @JsonProperty("meta") Meta meta, @JsonProperty("objects") List<SessionView> objects) {

        Listed(String apiId, Meta meta, List<SessionView> objects) {
            this(apiId, new Page(meta, objects), meta, objects);
        }
    }

    @JsonPropertyOrder({"meta", "objects"})
    record Page(@JsonProperty("meta") Meta meta, @JsonProperty("objects") List<SessionView> objects) {
    }

    /** Pagination; {@code next}/{@code previous} are relative URLs of the neighbouring pages, or null. */
    @JsonPropertyOrder({"limit", "next", "offset", "previous", "total_count"})
    record Meta(@JsonProperty("limit") int limit, @JsonProperty("next") @Nullable String next,
            @JsonProperty("offset") long offset, @JsonProperty("previous") @Nullable String previous,
            @JsonProperty("total_count") long totalCount) {
    }
}
