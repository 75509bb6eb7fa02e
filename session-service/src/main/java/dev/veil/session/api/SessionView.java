package dev.veil.session.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.veil.session.sessions.Interaction;
import dev.veil.session.sessions.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The session object of Plivo's create and get responses (PLIVO_API.md §1.3), with the JSON types the SDKs
 * decode: booleans as booleans, counts and durations as integers, amounts as numbers, {@code amount} (the
 * session creation fee, none here) as the integer 0, {@code interaction} null or an array, numbers without
 * {@code +}.
 *
 * @param duration session lifetime, seconds: expiry time minus created time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"first_party", "second_party", "virtual_number", "status", "initiate_call_to_first_party",
        "session_uuid", "callback_url", "callback_method", "created_time", "modified_time", "expiry_time",
        "duration", "amount", "call_time_limit", "ring_timeout", "first_party_play_url", "second_party_play_url",
        "record", "record_file_format", "recording_callback_url", "recording_callback_method", "interaction",
        "total_call_amount", "total_call_count", "total_call_billed_duration", "total_session_amount",
        "last_interaction_time"})
record SessionView(
        String firstParty,
        String secondParty,
        String virtualNumber,
        String status,
        boolean initiateCallToFirstParty,
        String sessionUuid,
        String callbackUrl,
        String callbackMethod,
        String createdTime,
        String modifiedTime,
        String expiryTime,
        long duration,
        int amount,
        int callTimeLimit,
        int ringTimeout,
        String firstPartyPlayUrl,
        String secondPartyPlayUrl,
        boolean record,
        String recordFileFormat,
        String recordingCallbackUrl,
        String recordingCallbackMethod,
        @Nullable List<InteractionView> interaction,
        BigDecimal totalCallAmount,
        int totalCallCount,
        long totalCallBilledDuration,
        BigDecimal totalSessionAmount,
        String lastInteractionTime) {

    static SessionView of(Session s, List<Interaction> interactions) {
        BigDecimal callAmount = PlivoJson.amount(s.totalCallAmount());
        return new SessionView(
                PlivoJson.digits(s.firstParty()),
                PlivoJson.digits(s.secondParty()),
                PlivoJson.digits(s.virtualNumber()),
                s.status().wireName(),
                false,
                s.sessionUuid().toString(),
                s.callbackUrl(),
                s.callbackMethod(),
                PlivoJson.time(s.createdTime()),
                PlivoJson.time(s.modifiedTime()),
                PlivoJson.time(s.expiryTime()),
                Duration.between(s.createdTime(), s.expiryTime()).toSeconds(),
                0,
                s.callTimeLimit(),
                s.ringTimeout(),
                "",
                "",
                s.record(),
                s.recordFileFormat(),
                s.recordingCallbackUrl(),
                s.recordingCallbackMethod(),
                interactions.isEmpty() ? null : interactions.stream().map(InteractionView::of).toList(),
                callAmount,
                s.totalCallCount(),
                s.totalCallBilledDuration(),
                // No session creation fee is charged, so the session costs what its calls cost.
                callAmount,
                PlivoJson.time(s.lastInteractionTime()));
    }

    /**
     * One call of the session (PLIVO_API.md §3). Times are {@code ""} until the event carrying them arrived.
     *
     * @param totalCallCount legs charged
     * @param duration       seconds from the call's start to its end
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"start_time", "end_time", "type", "total_call_amount", "call_billed_duration",
            "total_call_count", "duration"})
    record InteractionView(
            String startTime,
            String endTime,
            String type,
            BigDecimal totalCallAmount,
            int callBilledDuration,
            int totalCallCount,
            int duration) {

        static InteractionView of(Interaction i) {
            return new InteractionView(PlivoJson.time(i.startTime()), PlivoJson.time(i.endTime()), "call",
                    PlivoJson.amount(i.totalCallAmount()), i.callBilledDuration(), i.totalCallCount(),
                    i.duration() == null ? 0 : i.duration());
        }
    }
}
