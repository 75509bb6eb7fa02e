package dev.veil.session.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The bodies of the session API's successful responses (PLIVO_API.md §1.3, §2.1). */
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
}
