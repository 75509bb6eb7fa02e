package dev.veil.carrier.webhook;

import org.jspecify.annotations.Nullable;

/**
 * What the application answered to one webhook.
 *
 * @param statusCode the HTTP status, or null when no HTTP answer came (refused connection, timeout, bad URL)
 * @param body       the response body, empty when there was none
 * @param failure    why there was no HTTP answer, or null when there was one
 */
public record WebhookResponse(@Nullable Integer statusCode, String body, @Nullable String failure) {

    /** Whether the application accepted the webhook (a 2xx status). */
    public boolean ok() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** A bounded label for metrics: {@code 2xx}, {@code 4xx}, {@code 5xx}, ... or {@code error}. */
    public String outcome() {
        return statusCode == null ? "error" : statusCode / 100 + "xx";
    }

    /** A short description for logs and reports: the status code, or the failure. */
    public String describe() {
        return statusCode != null ? "HTTP " + statusCode : "no answer (" + failure + ")";
    }
}
