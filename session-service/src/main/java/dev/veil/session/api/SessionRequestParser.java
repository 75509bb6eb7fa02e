package dev.veil.session.api;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates the JSON body of a create-session request as Plivo's API defines it (PLIVO_API.md §1.2),
 * with Plivo's error messages where Plivo has one. Lenient where the SDKs need it: keys are matched without regard
 * to case (the Go SDK sends {@code create_session_with_single_Party}), unknown keys are ignored (the Java SDK sends
 * {@code pin_authentication_required}), {@code 0} means "use the default" for the durations (the Java SDK sends 0
 * for every one not set), and numbers and booleans may also come as strings (Plivo's oldest examples do that).
 *
 * <p>Defaults: {@code session_expiry} 3600 s (1 to 86400), {@code call_time_limit} 14400 s (1 to 86400; Plivo
 * documents 3600 but its server answers 14400, the Dial {@code timeLimit} default), {@code ring_timeout} 45 s (1 to
 * 300; Plivo documents 120 but its server answers 45), {@code record} false, {@code record_file_format} mp3,
 * methods POST, {@code geomatch} true.
 *
 * <p>Features this version cannot honour yet are refused with a 400 when a request turns them on, rather than
 * silently ignored: single-party sessions, request-a-call, PIN authentication, play URLs, subaccounts and a
 * virtual-number cool-off.
 */
final class SessionRequestParser {

    static final int DEFAULT_SESSION_EXPIRY = 3600;
    static final int DEFAULT_CALL_TIME_LIMIT = 14400;
    static final int DEFAULT_RING_TIMEOUT = 45;
    static final int MAX_SESSION_EXPIRY = 86400;
    static final int MAX_CALL_TIME_LIMIT = 86400;
    static final int MAX_RING_TIMEOUT = 300;
    static final int MAX_URL_LENGTH = 1000;
    static final String NOT_A_JSON_OBJECT = "Invalid request body. Send the session's parameters as a JSON object.";

    private static final List<String> UNSUPPORTED_FLAGS = List.of("create_session_with_single_party",
            "initiate_call_to_first_party", "is_pin_authentication_required");
    private static final List<String> UNSUPPORTED_VALUES = List.of("first_party_play_url", "second_party_play_url",
            "unknown_caller_play", "subaccount");

    private SessionRequestParser() {
    }

    /**
     * The request in {@code body}.
     *
     * @throws InvalidSessionRequestException with the API's error message when the request is not valid
     */
    static SessionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw invalid(NOT_A_JSON_OBJECT);
        }
        Map<String, JsonNode> params = new HashMap<>();
        body.properties().forEach(e -> params.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));

        PhoneNumber first = party(params, "first_party");
        PhoneNumber second = party(params, "second_party");
        if (first.equals(second)) {
            throw invalid("Invalid parameter. first_party and second_party must be different numbers.");
        }
        for (String flag : UNSUPPORTED_FLAGS) {
            if (bool(params, flag, false)) {
                throw invalid("Unsupported parameter. " + flag + " is not supported yet.");
            }
        }
        for (String name : UNSUPPORTED_VALUES) {
            if (!string(params, name).isEmpty()) {
                throw invalid("Unsupported parameter. " + name + " is not supported yet.");
            }
        }
        if (seconds(params, "virtual_number_cooloff_period", 0, 3600, 0) != 0) {
            throw invalid("Unsupported parameter. virtual_number_cooloff_period is not supported yet.");
        }
        int sessionExpiry = seconds(params, "session_expiry", 1, MAX_SESSION_EXPIRY, DEFAULT_SESSION_EXPIRY);
        int callTimeLimit = seconds(params, "call_time_limit", 1, MAX_CALL_TIME_LIMIT, DEFAULT_CALL_TIME_LIMIT);
        int ringTimeout = seconds(params, "ring_timeout", 1, MAX_RING_TIMEOUT, DEFAULT_RING_TIMEOUT);
        boolean record = bool(params, "record", false);
        String format = string(params, "record_file_format").toLowerCase(Locale.ROOT);
        if (format.isEmpty()) {
            format = "mp3";
        } else if (!format.equals("mp3") && !format.equals("wav")) {
            throw invalid("Invalid parameter. record_file_format allowed values are mp3 or wav.");
        }
        String callbackUrl = url(params, "callback_url");
        String callbackMethod = method(params, "callback_method");
        String recordingCallbackUrl = url(params, "recording_callback_url");
        String recordingCallbackMethod = method(params, "recording_callback_method");
        boolean geomatch = bool(params, "geomatch", true);
        return new SessionRequest(first, second, sessionExpiry, callTimeLimit, ringTimeout, record, format,
                callbackUrl, callbackMethod, recordingCallbackUrl, recordingCallbackMethod, geomatch);
    }

    private static PhoneNumber party(Map<String, JsonNode> params, String name) {
        JsonNode value = params.get(name);
        @Nullable String raw = value == null || value.isNull() ? ""
                : value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isString() ? value.stringValue().trim() : null;
        if (raw == null) {
            throw invalid("Invalid parameter. " + name + " is not a valid phone number.");
        }
        if (raw.isEmpty()) {
            throw invalid("Mandatory parameter missing. " + name + " must be present.");
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            throw invalid("Invalid parameter. " + name + " is not a valid phone number.");
        }
    }

    /** A duration in whole seconds; absent, null or 0 gives {@code otherwise}. */
    private static int seconds(Map<String, JsonNode> params, String name, int min, int max, int otherwise) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        long seconds;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            seconds = value.longValue();
        } else if (value.isString() && value.stringValue().trim().matches("-?\\d{1,18}")) {
            seconds = Long.parseLong(value.stringValue().trim());
        } else {
            throw invalid("Invalid parameter. " + name + " should be an integer number of seconds.");
        }
        if (seconds == 0) {
            return otherwise;
        }
        if (seconds < min || seconds > max) {
            throw invalid("Invalid parameter. " + name + " is outside the allowed range.");
        }
        return (int) seconds;
    }

    private static boolean bool(Map<String, JsonNode> params, String name, boolean otherwise) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString() && (value.stringValue().equalsIgnoreCase("true")
                || value.stringValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.stringValue());
        }
        throw invalid("Invalid parameter. " + name + " allowed values are true or false.");
    }

    /** A string parameter, {@code ""} when absent or null. */
    private static String string(Map<String, JsonNode> params, String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw invalid("Invalid parameter. " + name + " should be a string.");
        }
        return value.stringValue().trim();
    }

    private static String url(Map<String, JsonNode> params, String name) {
        String url = string(params, name);
        if (url.isEmpty()) {
            return url;
        }
        if (url.length() >= MAX_URL_LENGTH) {
            throw invalid("Invalid parameter. " + name + " should be under " + MAX_URL_LENGTH + " characters.");
        }
        if (!isHttpUrl(url)) {
            throw invalid("Invalid parameter. " + name + " should be a valid URL.");
        }
        return url;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            @Nullable String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String method(Map<String, JsonNode> params, String name) {
        String method = string(params, name).toUpperCase(Locale.ROOT);
        if (method.isEmpty()) {
            return "POST";
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            throw invalid("Invalid parameter. " + name + " allowed values are GET or POST.");
        }
        return method;
    }

    private static InvalidSessionRequestException invalid(String message) {
        return new InvalidSessionRequestException(message);
    }
}
