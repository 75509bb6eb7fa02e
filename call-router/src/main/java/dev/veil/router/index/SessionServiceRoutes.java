package dev.veil.router.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;

/**
 * Asks session-service, for calls the index cannot route yet, for the live session on a virtual number where the
 * caller is a party ({@code GET /internal/v1/routes}), and for the live sessions created lately on a virtual number
 * ({@code GET /internal/v1/routes/recent}). Gives up after the configured timeout: the answer webhook must answer the
 * carrier in time even when session-service is slow or down. Each lookup is counted in
 * {@code veil.router.route.lookups} by outcome.
 */
final class SessionServiceRoutes {

    private static final Logger log = LoggerFactory.getLogger(SessionServiceRoutes.class);

    private final WebClient client;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    SessionServiceRoutes(WebClient client, Duration timeout, MeterRegistry meters) {
        this.client = client;
        this.timeout = timeout;
        this.meters = meters;
    }

    /** The live session on {@code virtualNumber} with {@code caller} as a party; empty when none or on failure. */
    Mono<LiveSession> find(PhoneNumber virtualNumber, PhoneNumber caller) {
        return client.get()
                .uri(b -> b.path("/internal/v1/routes")
                        .queryParam("virtual_number", "{vn}").queryParam("caller", "{caller}")
                        .build(virtualNumber.e164(), caller.e164()))
                .retrieve()
                .bodyToMono(byte[].class)
                .map(body -> json.readValue(body, LiveSession.class))
                .timeout(timeout)
                .doOnNext(found -> count("found"))
                .onErrorResume(WebClientResponseException.class, e -> {
                    if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        count("not_found");
                    } else {
                        failed(reason(e));
                    }
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    failed(reason(e));
                    return Mono.empty();
                });
    }

    /**
     * The live sessions created lately on {@code virtualNumber}, newest first; empty on failure (counted
     * {@code recent_failed}), when the caller then is decided from the index alone.
     */
    Mono<List<LiveSession>> recent(PhoneNumber virtualNumber) {
        return client.get()
                .uri(b -> b.path("/internal/v1/routes/recent").queryParam("virtual_number", "{vn}")
                        .build(virtualNumber.e164()))
                .retrieve()
                .bodyToMono(byte[].class)
                .map(body -> json.readValue(body, RecentSessions.class).sessions())
                .timeout(timeout)
                .doOnNext(found -> count(found.isEmpty() ? "recent_none" : "recent_found"))
                .onErrorResume(e -> {
                    count("recent_failed");
                    log.warn("recent sessions lookup at session-service failed ({}); the caller is decided from the"
                            + " index alone", reason(e));
                    return Mono.just(List.of());
                });
    }

    /** Logs the failure by kind only: the messages of client errors quote the URL, which holds phone numbers. */
    private void failed(String reason) {
        count("failed");
        log.warn("route lookup at session-service failed ({}); the call is treated as unroutable", reason);
    }

    /** A failure by kind: an HTTP status or the exception's class, never its message (it may quote the URL). */
    private static String reason(Throwable e) {
        return e instanceof WebClientResponseException response ? "HTTP " + response.getStatusCode().value()
                : e.getClass().getSimpleName();
    }

    private void count(String outcome) {
        meters.counter("veil.router.route.lookups", "outcome", outcome).increment();
    }

    /** session-service's answer: a session uuid and the session's routing state, named as in the events. */
    record LiveSession(@JsonProperty("session_uuid") String sessionUuid, SessionState session) {
    }

    /** session-service's recent sessions of a virtual number. */
    record RecentSessions(@JsonProperty("sessions") List<LiveSession> sessions) {

        RecentSessions {
            sessions = sessions == null ? List.of() : List.copyOf(sessions);
        }
    }
}
