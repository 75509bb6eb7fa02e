package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.sessions.SessionOptions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static dev.veil.session.api.RequestParams.invalid;

/**
 * Reads and validates the JSON body of a create-session request as Plivo's API defines it (PLIVO_API.md §1.2),
 * with Plivo's error messages where Plivo has one. Lenient where the SDKs need it (see {@link RequestParams}):
 * {@code 0} means "use the default" for {@code session_expiry}, {@code call_time_limit}, {@code ring_timeout},
 * {@code virtual_number_cooloff_period}, {@code generate_pin_length} and {@code pin_retry_wait} (the Java SDK
 * sends 0 for every one not set), PINs may be strings or numbers.
 *
 * <p>Defaults: {@code session_expiry} 3600 s (1 to 86400), {@code call_time_limit} 14400 s (1 to 86400; Plivo
 * documents 3600 but its server answers 14400, the Dial {@code timeLimit} default), {@code ring_timeout} 45 s (1 to
 * 300; Plivo documents 120 but its server answers 45), {@code record} false, {@code record_file_format} mp3,
 * methods POST, {@code geomatch} true, {@code virtual_number_cooloff_period} 0 (0 to 3600), {@code pin_retry} 1
 * (0 to 5), {@code pin_retry_wait} 5 (5 to 10), {@code generate_pin_length} 4 (4 to 15).
 *
 * <p>PIN parameters other than {@code is_pin_authentication_required} are ignored while PIN authentication is off,
 * except that turning on {@code generate_pin} or {@code force_pin_authentication} without it is refused.
 */
final class SessionRequestParser {

    static final int DEFAULT_SESSION_EXPIRY = 3600;
    static final int DEFAULT_CALL_TIME_LIMIT = 14400;
    static final int DEFAULT_RING_TIMEOUT = 45;
    static final int MAX_SESSION_EXPIRY = 86400;
    static final int MAX_CALL_TIME_LIMIT = 86400;
    static final int MAX_RING_TIMEOUT = 300;
    static final int MAX_COOLOFF = 3600;
    static final int DEFAULT_PIN_LENGTH = 4;
    static final int DEFAULT_PIN_RETRY = 1;
    static final int DEFAULT_PIN_RETRY_WAIT = 5;
    static final String NOT_A_JSON_OBJECT = RequestParams.NOT_A_JSON_OBJECT;

    private SessionRequestParser() {
    }

    /**
     * The request in {@code body}.
     *
     * @throws InvalidSessionRequestException with the API's error message when the request is not valid
     */
    static SessionRequest parse(JsonNode body) {
        RequestParams params = new RequestParams(body);
        boolean singleParty = params.bool("create_session_with_single_party", false);
        PhoneNumber first = params.party("first_party");
        PhoneNumber second = params.party("second_party");
        if (singleParty) {
            if (first == null && second == null) {
                throw invalid("Mandatory parameter missing. first_party or second_party must be present.");
            }
        } else {
            if (first == null) {
                throw invalid("Mandatory parameter missing. first_party must be present.");
            }
            if (second == null) {
                throw invalid("Mandatory parameter missing. second_party must be present.");
            }
        }
        if (first != null && first.equals(second)) {
            throw invalid("Invalid parameter. first_party and second_party must be different numbers.");
        }
        boolean initiateCall = params.bool("initiate_call_to_first_party", false);
        if (initiateCall && first == null) {
            throw invalid("Mandatory parameter missing. first_party must be present.");
        }
        int sessionExpiry = params.integer("session_expiry", 1, MAX_SESSION_EXPIRY, DEFAULT_SESSION_EXPIRY, true);
        int callTimeLimit = params.integer("call_time_limit", 1, MAX_CALL_TIME_LIMIT, DEFAULT_CALL_TIME_LIMIT, true);
        int ringTimeout = params.integer("ring_timeout", 1, MAX_RING_TIMEOUT, DEFAULT_RING_TIMEOUT, true);
        boolean record = params.bool("record", false);
        String format = params.recordFileFormat("mp3");
        String callbackUrl = params.url("callback_url");
        String callbackMethod = params.method("callback_method", "POST");
        String recordingCallbackUrl = params.url("recording_callback_url");
        String recordingCallbackMethod = params.method("recording_callback_method", "POST");
        boolean geomatch = params.bool("geomatch", true);
        String firstPlay = params.url("first_party_play_url");
        String secondPlay = params.url("second_party_play_url");
        String unknownCallerPlay = params.url("unknown_caller_play");
        int cooloff = params.integer("virtual_number_cooloff_period", 0, MAX_COOLOFF, 0, true);
        String subaccount = params.string("subaccount");
        SessionOptions options = pinOptions(params, initiateCall, firstPlay, secondPlay, singleParty,
                unknownCallerPlay, cooloff);
        return new SessionRequest(first, second, sessionExpiry, callTimeLimit, ringTimeout, record, format,
                callbackUrl, callbackMethod, recordingCallbackUrl, recordingCallbackMethod, geomatch, options,
                subaccount);
    }

    private static SessionOptions pinOptions(RequestParams params, boolean initiateCall, String firstPlay,
            String secondPlay, boolean singleParty, String unknownCallerPlay, int cooloff) {
        boolean pinRequired = params.bool("is_pin_authentication_required", false);
        boolean generatePin = params.bool("generate_pin", false);
        boolean force = params.bool("force_pin_authentication", false);
        if (!pinRequired) {
            for (String flag : new String[] {"generate_pin", "force_pin_authentication"}) {
                if (params.bool(flag, false)) {
                    throw invalid("Invalid parameter. " + flag
                            + " requires is_pin_authentication_required to be true.");
                }
            }
            return new SessionOptions(initiateCall, firstPlay, secondPlay, singleParty, unknownCallerPlay, cooloff,
                    false, false, DEFAULT_PIN_LENGTH, null, null, "", DEFAULT_PIN_RETRY, DEFAULT_PIN_RETRY_WAIT, "",
                    false);
        }
        int length = params.integer("generate_pin_length", 4, 15, DEFAULT_PIN_LENGTH, true);
        @Nullable String firstPin = params.pin("first_party_pin");
        @Nullable String secondPin = params.pin("second_party_pin");
        if (generatePin) {
            for (String name : new String[] {"first_party_pin", "second_party_pin"}) {
                if (params.has(name)) {
                    throw invalid("Invalid parameter. " + name + " cannot be given when generate_pin is true.");
                }
            }
        } else {
            if (firstPin == null) {
                throw invalid("Mandatory parameter missing. first_party_pin must be present.");
            }
            if (secondPin == null) {
                throw invalid("Mandatory parameter missing. second_party_pin must be present.");
            }
            if (firstPin.equals(secondPin)) {
                throw invalid("Invalid parameter. first_party_pin and second_party_pin must be different.");
            }
        }
        String prompt = params.url("pin_prompt_play");
        if (prompt.isEmpty()) {
            throw invalid("Mandatory parameter missing. pin_prompt_play must be present.");
        }
        int retry = params.integer("pin_retry", 0, 5, DEFAULT_PIN_RETRY, false);
        int retryWait = params.integer("pin_retry_wait", 5, 10, DEFAULT_PIN_RETRY_WAIT, true);
        String incorrect = params.url("incorrect_pin_play");
        return new SessionOptions(initiateCall, firstPlay, secondPlay, singleParty, unknownCallerPlay, cooloff, true,
                generatePin, length, firstPin, secondPin, prompt, retry, retryWait, incorrect, force);
    }
}
