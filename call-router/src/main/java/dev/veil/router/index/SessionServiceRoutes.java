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

/**
 * Asks session-service for the live session on a virtual number where the caller is a party
 * ({@code GET /internal/v1/routes}), for calls the index cannot route yet. Gives up after the configured timeout:
 * the answer webhook must answer the carrier in time even when session-service is slow or down.
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
                        failed("HTTP " + e.getStatusCode().value());
                    }
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    failed(e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }

    /** Logs the failure by kind only: the messages of client errors quote the URL, which holds phone numbers. */
    private void failed(String reason) {
        count("failed");
        log.warn("route lookup at session-service failed ({}); the call is treated as unroutable", reason);
    }

    private void count(String outcome) {
        meters.counter("veil.router.route.lookups", "outcome", outcome).increment();
    }

    /** session-service's answer: a session uuid and the session's routing state, named as in the events. */
    record LiveSession(@JsonProperty("session_uuid") String sessionUuid, SessionState session) {
    }
}
