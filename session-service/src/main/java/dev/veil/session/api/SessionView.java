package dev.veil.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.veil.session.sessions.Interaction;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionOptions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The session object of Plivo's responses (PLIVO_API.md §1.3), with the JSON types the SDKs decode: booleans as
 * booleans, counts and durations as integers, amounts as numbers, {@code amount} (Plivo's session creation amount,
 * which the Go SDK decodes as an integer) as the integer 0 (session fees show in {@code total_session_amount}),
 * {@code interaction} null or an array, numbers without {@code +} ({@code ""} for a missing party). The PIN fields
 * are null while PIN authentication is off; {@code subaccount} appears only when the session has one and
 * {@code resource_uri} only in lists.
 *
 * @param duration session lifetime, seconds: expiry time minus created time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"first_party", "second_party", "virtual_number", "status", "initiate_call_to_first_party",
        "session_uuid", "callback_url", "callback_method", "created_time", "modified_time", "expiry_time",
        "duration", "amount", "call_time_limit", "ring_timeout", "first_party_play_url", "second_party_play_url",
        "record", "record_file_format", "recording_callback_url", "recording_callback_method", "interaction",
        "total_call_amount", "total_call_count", "total_call_billed_duration", "total_session_amount",
        "last_interaction_time", "unknown_caller_play", "is_pin_authentication_required", "generate_pin",
        "generate_pin_length", "first_party_pin", "second_party_pin", "pin_prompt_play", "pin_retry",
        "pin_retry_wait", "incorrect_pin_play", "create_session_with_single_party", "virtual_number_cooloff_period",
        "force_pin_authentication", "subaccount", "resource_uri"})
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
        String lastInteractionTime,
        String unknownCallerPlay,
        @JsonProperty("is_pin_authentication_required") boolean isPinAuthenticationRequired,
        @Nullable Boolean generatePin,
        @Nullable Integer generatePinLength,
        @Nullable String firstPartyPin,
        @Nullable String secondPartyPin,
        @Nullable String pinPromptPlay,
        @Nullable Integer pinRetry,
        @Nullable Integer pinRetryWait,
        @Nullable String incorrectPinPlay,
        boolean createSessionWithSingleParty,
        int virtualNumberCooloffPeriod,
        @Nullable Boolean forcePinAuthentication,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String subaccount,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String resourceUri) {

    static SessionView of(Session s, List<Interaction> interactions) {
        return of(s, interactions, null);
    }

    static SessionView of(Session s, List<Interaction> interactions, @Nullable String resourceUri) {
        BigDecimal callAmount = PlivoJson.amount(s.totalCallAmount());
        SessionOptions o = s.options();
        boolean pin = o.pinRequired();
        return new SessionView(
                s.firstParty() == null ? "" : PlivoJson.digits(s.firstParty()),
                s.secondParty() == null ? "" : PlivoJson.digits(s.secondParty()),
                PlivoJson.digits(s.virtualNumber()),
                s.status().wireName(),
                o.initiateCallToFirstParty(),
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
                o.firstPartyPlayUrl(),
                o.secondPartyPlayUrl(),
                s.record(),
                s.recordFileFormat(),
                s.recordingCallbackUrl(),
                s.recordingCallbackMethod(),
                interactions.isEmpty() ? null : interactions.stream().map(InteractionView::of).toList(),
                callAmount,
                s.totalCallCount(),
                s.totalCallBilledDuration(),
                PlivoJson.amount(s.totalCallAmount().add(s.sessionFees())),
                PlivoJson.time(s.lastInteractionTime()),
                o.unknownCallerPlay(),
                pin,
                pin ? o.generatePin() : null,
                pin ? o.generatePinLength() : null,
                pin ? o.firstPartyPin() : null,
                pin ? o.secondPartyPin() : null,
                pin ? o.pinPromptPlay() : null,
                pin ? o.pinRetry() : null,
                pin ? o.pinRetryWait() : null,
                pin ? o.incorrectPinPlay() : null,
                o.singleParty(),
                o.cooloffPeriod(),
                pin ? o.forcePin() : null,
                s.subaccount(),
                resourceUri);
    }

    /**
     * One call of the session (PLIVO_API.md §3). Times are {@code ""} until the event carrying them arrived.
     *
     * @param totalCallCount legs charged
     * @param duration       seconds from the call's start to its end
     * @param recordingResourceUrl the recording's API resource; left out while there is none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"start_time", "end_time", "type", "total_call_amount", "call_billed_duration",
            "total_call_count", "duration", "recording_resource_url"})
    record InteractionView(
            String startTime,
            String endTime,
            String type,
            BigDecimal totalCallAmount,
            int callBilledDuration,
            int totalCallCount,
            int duration,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String recordingResourceUrl) {

        static InteractionView of(Interaction i) {
            return new InteractionView(PlivoJson.time(i.startTime()), PlivoJson.time(i.endTime()), "call",
                    PlivoJson.amount(i.totalCallAmount()), i.callBilledDuration(), i.totalCallCount(),
                    i.duration() == null ? 0 : i.duration(), i.recordingResourceUrl());
        }
    }
}
