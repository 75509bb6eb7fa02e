package dev.veil.router.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.platform.ratelimit.TokenBuckets;
import dev.veil.platform.ratelimit.TokenBuckets.Limit;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls started per account: a token bucket per account ({@link TokenBuckets}, in memory, per replica), whose limit
 * is the account's effective limit at session-service ({@code GET /internal/v1/accounts/{auth_id}/limits}: a
 * subaccount's own, else its main account's, else session-service's default), kept {@code cacheFor}. An account's
 * first call waits for its limit at most {@code lookupTimeout}; later calls never wait: a limit past
 * {@code cacheFor} is still used while a fresh one is fetched behind. When session-service is unreachable, answers
 * in error or does not know the account, the configured default applies (kept {@code cacheFor} too, so an outage
 * does not slow every call).
 */
public final class AccountCallLimits {

    private static final Logger log = LoggerFactory.getLogger(AccountCallLimits.class);

    /** An account's limit and when it was fetched. */
    private record Cached(Limit limit, long fetchedAtMillis) {
    }

    private final WebClient sessionService;
    private final TokenBuckets buckets;
    private final Limit fallback;
    private final Duration cacheFor;
    private final Duration lookupTimeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Cached> limits = new ConcurrentHashMap<>();
    /** The lookups under way, one per account, shared by the calls that wait for it. */
    private final Map<String, Mono<Limit>> lookups = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public AccountCallLimits(WebClient sessionService, TokenBuckets buckets, Limit fallback, Duration cacheFor,
            Duration lookupTimeout, Clock clock, MeterRegistry meters) {
        this.sessionService = sessionService;
        this.buckets = buckets;
        this.fallback = fallback;
        this.cacheFor = cacheFor;
        this.lookupTimeout = lookupTimeout;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Takes a call start from the account's bucket.
     *
     * @return empty when the call may start; else how long until the account may start another
     */
    public Mono<Duration> tryStart(String accountId) {
        return limitOf(accountId).flatMap(limit -> Mono.justOrEmpty(buckets.tryTake(accountId, limit)));
    }

    private Mono<Limit> limitOf(String accountId) {
        Cached cached = limits.get(accountId);
        if (cached == null) {
            return lookup(accountId);
        }
        if (clock.millis() - cached.fetchedAtMillis() >= cacheFor.toMillis()) {
            lookup(accountId).subscribe();
        }
        return Mono.just(cached.limit());
    }

    /** The account's lookup under way, or a new one: one request per account at a time. */
    private Mono<Limit> lookup(String accountId) {
        return lookups.computeIfAbsent(accountId, id -> fetch(id).doFinally(done -> lookups.remove(id)).cache());
    }

    /** The account's limit from session-service, or the default; cached either way. */
    private Mono<Limit> fetch(String accountId) {
        return sessionService.get().uri("/internal/v1/accounts/{authId}/limits", accountId)
                .retrieve()
                .bodyToMono(byte[].class)
                .map(body -> json.readValue(body, Limits.class).limit())
                .timeout(lookupTimeout)
                .doOnNext(limit -> count("found"))
                .onErrorResume(WebClientResponseException.class, e -> {
                    if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        count("not_found");
                    } else {
                        failed("HTTP " + e.getStatusCode().value());
                    }
                    return Mono.just(fallback);
                })
                .onErrorResume(e -> {
                    failed(e.getClass().getSimpleName());
                    return Mono.just(fallback);
                })
                .doOnNext(limit -> limits.put(accountId, new Cached(limit, clock.millis())));
    }

    private void failed(String reason) {
        count("failed");
        log.warn("account limits lookup at session-service failed ({}); the default call limit applies", reason);
    }

    private void count(String outcome) {
        meters.counter("veil.router.limits.lookups", "outcome", outcome).increment();
    }

    /** session-service's answer. {@code calls_per_second} 0 means unlimited. */
    record Limits(@JsonProperty("calls_per_second") double callsPerSecond,
            @JsonProperty("calls_burst") int callsBurst) {

        Limit limit() {
            return new Limit(callsPerSecond, Math.max(1, callsBurst));
        }
    }
}
