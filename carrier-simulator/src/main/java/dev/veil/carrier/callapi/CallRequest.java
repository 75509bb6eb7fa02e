package dev.veil.carrier.callapi;

import dev.veil.carrier.call.OutboundOrder;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import java.net.URI;
import java.util.Locale;

/**
 * Body of {@code POST /v1/Account/{auth_id}/Call/}, Plivo's names.
 *
 * @param from         the caller ID shown to {@code to}; required
 * @param to           the phone to ring (one number; Plivo's bulk {@code a<b} form is not simulated); required
 * @param answerUrl    asked for XML once {@code to} answers; required
 * @param answerMethod {@code POST} (default) or {@code GET}
 * @param hangupUrl    told the end of the call; default the answer URL (as Plivo)
 * @param hangupMethod {@code POST} (default) or {@code GET}
 * @param ringTimeout  seconds {@code to} may ring; default {@value #DEFAULT_RING_TIMEOUT} (Plivo's)
 */
record CallRequest(@Nullable String from, @Nullable String to, @Nullable String answerUrl,
        @Nullable String answerMethod, @Nullable String hangupUrl, @Nullable String hangupMethod,
        @Nullable Integer ringTimeout) {

    static final int DEFAULT_RING_TIMEOUT = 60;
    static final int MAX_RING_TIMEOUT = 3_600;

    /**
     * @throws CallApiException 400 naming the first invalid field
     */
    OutboundOrder toOrder(String requestUuid) {
        PhoneNumber caller = number("from", from);
        if (to != null && to.contains("<")) {
            throw invalid("to: bulk calls (numbers separated by '<') are not supported by the simulator.");
        }
        PhoneNumber called = number("to", to);
        String answer = url("answer_url", answerUrl);
        if (answer == null) {
            throw invalid("answer_url is required.");
        }
        String hangup = url("hangup_url", hangupUrl);
        int ring = ringTimeout == null ? DEFAULT_RING_TIMEOUT : ringTimeout;
        if (ring < 1 || ring > MAX_RING_TIMEOUT) {
            throw invalid("ring_timeout must be a whole number of seconds from 1 to " + MAX_RING_TIMEOUT + ".");
        }
        return new OutboundOrder(requestUuid, caller, called, answer, method("answer_method", answerMethod),
                hangup == null ? answer : hangup, method("hangup_method", hangupMethod), ring);
    }

    private static PhoneNumber number(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid(field + " is required.");
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            throw invalid(field + " is not a valid phone number.");
        }
    }

    private static @Nullable String url(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return raw;
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        throw invalid(field + " must be an absolute http(s) URL.");
    }

    private static String method(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return "POST";
        }
        String method = raw.toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw invalid(field + " must be GET or POST.");
        }
        return method;
    }

    private static CallApiException invalid(String message) {
        return new CallApiException(HttpStatus.BAD_REQUEST, message);
    }
}
