package dev.veil.carrier.call;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook the simulator sent, in the order sent.
 *
 * @param event      {@code answer}, {@code get-digits}, {@code record-action}, {@code dial-answer}, {@code dial-hangup},
 *                   {@code dial-action}, {@code hangup} or {@code record-callback}
 * @param method     {@code POST} or {@code GET}
 * @param url        the exact URL it went to (and was signed for), without GET parameters
 * @param statusCode the application's HTTP status, or null when it never answered
 * @param failure    why there was no answer, or null
 * @param params     the parameters sent, in order
 */
public record WebhookReport(String event, String method, String url, @Nullable Integer statusCode,
        @Nullable String failure, Map<String, String> params) {

    public WebhookReport {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
