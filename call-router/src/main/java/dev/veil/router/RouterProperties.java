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
 *                           after its session was created: the caller's session, and the virtual number's sessions
 *                           created lately, for a caller who is no party or a PIN the index does not know). Default
 *                           {@code http://127.0.0.1:8081}; env {@code VEIL_SESSION_SERVICE_URL}
 * @param routeLookupTimeout how long a webhook may wait for session-service on an index miss before the call is
 *                           decided from the index alone; it bounds the answer webhook's latency (both lookups of an
 *                           answer are made at once). Default 300 ms
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
 * @param pinGuessing        PIN guessing protection ({@code pin-guessing.*})
 * @param callLimit          the default limit on calls started per account ({@code call-limit.*})
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
        @DefaultValue("500") int answerBatchSize,
        @DefaultValue PinGuessing pinGuessing,
        @DefaultValue CallLimit callLimit) {

    /**
     * PIN guessing protection: a caller who types {@code maxFailures} wrong PINs on a virtual number within
     * {@code window}, across the number's sessions, is refused on that number for {@code block}. Registered parties
     * of the number's live sessions never count.
     *
     * @param maxFailures wrong PINs that start a block. Default 6
     * @param window      how long wrong PINs are counted together. Default 15 min
     * @param block       how long a blocked caller is refused. Default 30 min
     */
    public record PinGuessing(@DefaultValue("6") int maxFailures, @DefaultValue("15m") Duration window,
            @DefaultValue("30m") Duration block) {

        public PinGuessing {
            if (maxFailures < 1 || !window.isPositive() || !block.isPositive()) {
                throw new IllegalArgumentException("veil.router.pin-guessing needs max-failures >= 1 and a positive"
                        + " window and block");
            }
        }
    }

    /**
     * Calls started per account (token bucket): each account's own limit comes from session-service
     * ({@code GET /internal/v1/accounts/{auth_id}/limits}), kept {@code cacheFor}; this default applies while
     * session-service cannot say (unreachable, or the account unknown to it).
     *
     * @param callsPerSecond calls an account may start per second on average; 0 means unlimited. Default 5
     * @param callsBurst     calls an account may start at once. Default 20
     * @param cacheFor       how long an account's limit is kept before it is asked again. Default 30 s
     * @param lookupTimeout  how long a call may wait for an account's limit it never had before the default is used.
     *                       Default 300 ms
     */
    public record CallLimit(@DefaultValue("50") double callsPerSecond, @DefaultValue("100") int callsBurst,
            @DefaultValue("30s") Duration cacheFor, @DefaultValue("300ms") Duration lookupTimeout) {

        public CallLimit {
            if (callsPerSecond < 0 || callsBurst < 1 || !cacheFor.isPositive() || !lookupTimeout.isPositive()) {
                throw new IllegalArgumentException("veil.router.call-limit needs calls-per-second >= 0, calls-burst"
                        + " >= 1 and a positive cache-for and lookup-timeout");
            }
        }
    }

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
