package dev.veil.carrier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Settings of the carrier simulator ({@code veil.simulator.*}).
 *
 * @param answerUrl      the application's answer URL: every simulated inbound call starts with a signed POST here,
 *                       and the XML it answers drives the call. Default
 *                       {@code http://127.0.0.1:8080/carrier/plivo/answer} (Veil's gateway)
 * @param hangupUrl      the application's hangup URL: receives the A leg's final report (durations, times, hangup
 *                       cause) when the call ends. Default {@code http://127.0.0.1:8080/carrier/plivo/hangup}
 * @param authId         auth id of the carrier account the application belongs to; sent as {@code ParentAuthID}
 *                       on the answer webhook, and the user of the Call API's HTTP Basic. Default
 *                       {@code MAVEILCARRIER0000001}
 * @param authToken      auth token of that account: the key of every webhook's {@code X-Plivo-Signature-V3}, and
 *                       the Call API's HTTP Basic password. Default {@code veil-carrier-token}
 * @param ringTime       simulated time a callee who answers lets the phone ring before picking up, when the call
 *                       request gives no {@code ring_seconds}. Whole seconds (a bare number means seconds). Default 3 s
 * @param dialTimeout    simulated time a {@code <Dial>} without a {@code timeout} attribute rings an unanswered
 *                       phone before giving up with {@code no-answer} (Plivo documents no default). Whole seconds.
 *                       Default 120 s, Plivo's documented default ring timeout of a masking session
 * @param webhookTimeout real (not simulated) time to wait for the application to answer one webhook; a webhook
 *                       that takes longer counts as failed, with no status code. Default 10 s
 * @param maxCalls       how many finished calls (and recordings) are kept in memory for
 *                       {@code GET /sim/v1/calls/{uuid}}, the phones' call lists and recording media; the oldest are
 *                       forgotten first. Default 10,000
 * @param publicUrl      this simulator's base URL as the application reaches it: recording URLs
 *                       ({@code RecordUrl}) point there. Default {@code http://127.0.0.1:{server.port}}
 *                       ({@code carrier-simulator.yml}; env {@code VEIL_SIMULATOR_PUBLIC_URL})
 */
@ConfigurationProperties("veil.simulator")
public record SimulatorProperties(
        @DefaultValue("http://127.0.0.1:8080/carrier/plivo/answer") String answerUrl,
        @DefaultValue("http://127.0.0.1:8080/carrier/plivo/hangup") String hangupUrl,
        @DefaultValue("MAVEILCARRIER0000001") String authId,
        @DefaultValue("veil-carrier-token") String authToken,
        @DefaultValue("3s") @DurationUnit(ChronoUnit.SECONDS) Duration ringTime,
        @DefaultValue("120s") @DurationUnit(ChronoUnit.SECONDS) Duration dialTimeout,
        @DefaultValue("10s") Duration webhookTimeout,
        @DefaultValue("10000") int maxCalls,
        @DefaultValue("http://127.0.0.1:8090") String publicUrl) {

    public SimulatorProperties {
        requireHttpUrl("answer-url", answerUrl);
        requireHttpUrl("hangup-url", hangupUrl);
        requireHttpUrl("public-url", publicUrl);
        if (authToken.isBlank()) {
            throw new IllegalArgumentException("veil.simulator.auth-token must not be blank");
        }
        if (ringTime.isNegative()) {
            throw new IllegalArgumentException("veil.simulator.ring-time must not be negative");
        }
        if (dialTimeout.isNegative() || dialTimeout.isZero()) {
            throw new IllegalArgumentException("veil.simulator.dial-timeout must be positive");
        }
        if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException("veil.simulator.webhook-timeout must be positive");
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("veil.simulator.max-calls must be at least 1");
        }
    }

    private static void requireHttpUrl(String key, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("veil.simulator." + key + " is not a URL: " + url, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("veil.simulator." + key + " must be an absolute http(s) URL: " + url);
        }
    }
}
