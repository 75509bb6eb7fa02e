package dev.veil.session.api;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a JSON request body, looked up without regard to case (the Go SDK sends
 * {@code create_session_with_single_Party}), read leniently (numbers and booleans may come as strings, as in
 * Plivo's oldest examples) and validated with Plivo's error wording (PLIVO_API.md §1.4). Unknown keys are simply
 * never read.
 */
final class RequestParams {

    static final int MAX_URL_LENGTH = 1000;
    static final String NOT_A_JSON_OBJECT = "Invalid request body. Send the session's parameters as a JSON object.";

    private static final Set<String> SECONDS = Set.of("session_expiry", "call_time_limit", "ring_timeout",
            "virtual_number_cooloff_period", "pin_retry_wait");

    private final Map<String, JsonNode> params = new HashMap<>();

    RequestParams(JsonNode body) {
        if (!body.isObject()) {
            throw invalid(NOT_A_JSON_OBJECT);
        }
        body.properties().forEach(e -> params.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    }

    /** Whether the parameter was sent with a value other than null. */
    boolean has(String name) {
        JsonNode value = params.get(name);
        return value != null && !value.isNull();
    }

    /** A phone number; null when absent, null or {@code ""} (the Java SDK sends {@code ""} for a missing party). */
    @Nullable PhoneNumber party(String name) {
        JsonNode value = params.get(name);
        @Nullable String raw = value == null || value.isNull() ? ""
                : value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isString() ? value.stringValue().trim() : null;
        if (raw == null) {
            throw invalid("Invalid parameter. " + name + " is not a valid phone number.");
        }
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            throw invalid("Invalid parameter. " + name + " is not a valid phone number.");
        }
    }

    /** An integer in {@code [min, max]}; absent or null gives {@code otherwise}, and so does 0 when zeroIsDefault. */
    int integer(String name, int min, int max, int otherwise, boolean zeroIsDefault) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isString() && value.stringValue().trim().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.stringValue().trim());
        } else {
            throw invalid("Invalid parameter. " + name + (SECONDS.contains(name)
                    ? " should be an integer number of seconds." : " should be an integer."));
        }
        if (number == 0 && zeroIsDefault) {
            return otherwise;
        }
        if (number < min || number > max) {
            throw invalid("Invalid parameter. " + name + " is outside the allowed range.");
        }
        return (int) number;
    }

    boolean bool(String name, boolean otherwise) {
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
    String string(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw invalid("Invalid parameter. " + name + " should be a string.");
        }
        return value.stringValue().trim();
    }

    /** An http(s) URL under 1000 characters, {@code ""} when absent. */
    String url(String name) {
        String url = string(name);
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

    String method(String name, String otherwise) {
        String method = string(name).toUpperCase(Locale.ROOT);
        if (method.isEmpty()) {
            return otherwise;
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            throw invalid("Invalid parameter. " + name + " allowed values are GET or POST.");
        }
        return method;
    }

    String recordFileFormat(String otherwise) {
        String format = string("record_file_format").toLowerCase(Locale.ROOT);
        if (format.isEmpty()) {
            return otherwise;
        }
        if (!format.equals("mp3") && !format.equals("wav")) {
            throw invalid("Invalid parameter. record_file_format allowed values are mp3 or wav.");
        }
        return format;
    }

    /** A PIN: 4 to 15 digits, as a string or a JSON number; null when absent. */
    @Nullable String pin(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        String pin = value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isString() ? value.stringValue().trim() : "";
        if (!pin.matches("\\d{4,15}")) {
            throw invalid("Invalid parameter. " + name + " should be 4 to 15 digits.");
        }
        return pin;
    }

    /** The parameter's value as text, for comparing a sent value with a stored one; null when absent. */
    @Nullable String text(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue().trim() : value.toString();
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

    static InvalidSessionRequestException invalid(String message) {
        return new InvalidSessionRequestException(message);
    }
}
