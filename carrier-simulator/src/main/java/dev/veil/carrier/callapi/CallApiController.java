package dev.veil.carrier.callapi;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.call.CallSimulator;
import dev.veil.carrier.call.OutboundOrder;
import dev.veil.carrier.records.CallRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Plivo's Make-a-call API: {@code POST /v1/Account/{auth_id}/Call/} (trailing slash optional) with HTTP Basic
 * (the carrier account's auth id and token, {@code veil.simulator.auth-id}/{@code auth-token}) and a JSON body
 * ({@link CallRequest}). Answers 201 {@code {"api_id", "message": "call fired", "request_uuid"}} at once and runs
 * the call in the background; {@code GET /sim/v1/requests/{request_uuid}} shows it once it ended. 401 when the
 * credentials (or the auth id in the path) are wrong, 400 on an invalid body.
 */
@RestController
class CallApiController {

    private static final Logger log = LoggerFactory.getLogger(CallApiController.class);

    private final CallSimulator simulator;
    private final CallRecords records;
    private final SimulatorProperties properties;
    private final Scheduler calls;

    CallApiController(CallSimulator simulator, CallRecords records, SimulatorProperties properties,
            Scheduler callScheduler) {
        this.simulator = simulator;
        this.records = records;
        this.properties = properties;
        this.calls = callScheduler;
    }

    @PostMapping({"/v1/Account/{authId}/Call/", "/v1/Account/{authId}/Call"})
    Mono<ResponseEntity<Map<String, String>>> call(@PathVariable String authId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            @RequestBody(required = false) Mono<CallRequest> request) {
        // Credentials first: a caller without them learns nothing about what a valid body looks like.
        authenticate(authId, authorization);
        return request
                .switchIfEmpty(Mono.error(() -> new CallApiException(HttpStatus.BAD_REQUEST,
                        "A JSON body is required.")))
                .map(this::fire);
    }

    private ResponseEntity<Map<String, String>> fire(CallRequest request) {
        String requestUuid = UUID.randomUUID().toString();
        OutboundOrder order = request.toOrder(requestUuid);
        Mono.fromCallable(() -> simulator.placeOutbound(order))
                .subscribeOn(calls)
                .subscribe(records::add, e -> log.warn("request {}: the call failed to run", requestUuid, e));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("api_id", UUID.randomUUID().toString());
        body.put("message", "call fired");
        body.put("request_uuid", requestUuid);
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    private void authenticate(String authId, @Nullable String authorization) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (properties.authId() + ":" + properties.authToken()).getBytes(StandardCharsets.UTF_8));
        boolean valid = authorization != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), authorization.trim().getBytes(StandardCharsets.UTF_8))
                && authId.equals(properties.authId());
        if (!valid) {
            throw new CallApiException(HttpStatus.UNAUTHORIZED, "Authentication credentials invalid.");
        }
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> refused(CallApiException e) {
        return ResponseEntity.status(e.status()).body(error(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unreadable(ServerWebInputException e) {
        return ResponseEntity.badRequest().body(error("Invalid request body: expected a JSON object with from, to "
                + "and answer_url."));
    }

    private static Map<String, String> error(String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("api_id", UUID.randomUUID().toString());
        body.put("error", message);
        return body;
    }
}
