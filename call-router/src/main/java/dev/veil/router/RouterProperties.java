package dev.veil.router;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of call-router ({@code veil.router.*}).
 *
 * @param carrierAuthTokens  auth tokens of Veil's account at the carrier; a webhook is authentic when its
 *                           {@code X-Plivo-Signature-V3} was made with any one of them. Several tokens allow a
 *                           rotation without rejecting calls. Default {@code veil-carrier-token} (the carrier
 *                           simulator's); env {@code VEIL_CARRIER_AUTH_TOKENS}, comma separated
 * @param webhookBaseUrl     the public base URL the carrier posts webhooks to ({@code scheme://host[:port]}, no
 *                           trailing slash needed). Signatures are checked over this base + the request's path and
 *                           query, never over the Host header, because behind the gateway the Host differs from
 *                           the URL the carrier signed. Also the base of the Dial {@code action} and
 *                           {@code callbackUrl} Veil hands the carrier. Default {@code http://127.0.0.1:8080} (the
 *                           gateway); env {@code VEIL_PUBLIC_URL}
 * @param sessionServiceUrl  base URL of session-service, asked for a route the index does not hold yet (a call right
 *                           after its session was created). Default {@code http://127.0.0.1:8081}; env
 *                           {@code VEIL_SESSION_SERVICE_URL}
 * @param routeLookupTimeout how long an answer may wait for session-service on an index miss before the call is
 *                           treated as unroutable; it bounds the answer webhook's latency. Default 300 ms
 * @param dbTimeout          how long a webhook may wait on Postgres (webhook log, live-call claim, events) before
 *                           a bridge is answered from memory without being recorded (degraded). Default 300 ms
 * @param nonceWindow        how long a webhook signature's nonce is remembered; a nonce seen again within it is
 *                           refused (403) as a replay. Default 10 min
 * @param carrierApiUrl      base URL of the carrier's REST API (Plivo's {@code https://api.plivo.com}), where Veil
 *                           places request-a-call calls. Default {@code http://127.0.0.1:8090} (the carrier
 *                           simulator); env {@code VEIL_CARRIER_API_URL}
 * @param carrierAuthId      Veil's account id at the carrier; its token is the first of {@code carrierAuthTokens}.
 *                           Default {@code MAVEILCARRIER0000001}; env {@code VEIL_CARRIER_AUTH_ID}
 * @param answerQueueCapacity how many answers may wait to be written behind (webhook log row, live-call claim,
 *                           events) while Postgres is slow or down; beyond it an answer is still given, counted as
 *                           degraded, and recorded only when its hangup rebuilds it. Default 100,000 (50 s of
 *                           answers at 2,000/s)
 * @param answerBatchSize    most answers written behind in one transaction. Default 500
 */
@ConfigurationProperties("veil.router")
public record RouterProperties(
        @DefaultValue("veil-carrier-token") List<String> carrierAuthTokens,
        @DefaultValue("http://127.0.0.1:8080") URI webhookBaseUrl,
        @DefaultValue("http://127.0.0.1:8081") URI sessionServiceUrl,
        @DefaultValue("300ms") Duration routeLookupTimeout,
        @DefaultValue("300ms") Duration dbTimeout,
        @DefaultValue("10m") Duration nonceWindow,
        @DefaultValue("http://127.0.0.1:8090") URI carrierApiUrl,
        @DefaultValue("MAVEILCARRIER0000001") String carrierAuthId,
        @DefaultValue("100000") int answerQueueCapacity,
        @DefaultValue("500") int answerBatchSize) {

    public RouterProperties {
        carrierAuthTokens = carrierAuthTokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (carrierAuthTokens.isEmpty()) {
            throw new IllegalArgumentException("veil.router.carrier-auth-tokens needs at least one token");
        }
        if (webhookBaseUrl.getScheme() == null || webhookBaseUrl.getHost() == null) {
            throw new IllegalArgumentException("veil.router.webhook-base-url must be an absolute URL");
        }
        if (routeLookupTimeout.isNegative() || routeLookupTimeout.isZero()) {
            throw new IllegalArgumentException("veil.router.route-lookup-timeout must be positive");
        }
        if (answerQueueCapacity < 1 || answerBatchSize < 1) {
            throw new IllegalArgumentException("veil.router.answer-queue-capacity and answer-batch-size must be >= 1");
        }
        if (dbTimeout.isNegative() || dbTimeout.isZero()) {
            throw new IllegalArgumentException("veil.router.db-timeout must be positive");
        }
    }

    /** The auth token Veil signs its requests to the carrier's API with. */
    public String carrierAuthToken() {
        return carrierAuthTokens.getFirst();
    }

    /** The webhook base URL without a trailing slash, ready to have a path appended. */
    public String webhookBase() {
        String base = webhookBaseUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
