package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.allocation.AllocationClient;
import dev.veil.session.sessions.IdempotencyKeys;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionCreator;
import dev.veil.session.sessions.SessionRepository;
import dev.veil.session.sessions.SessionStatus;
import dev.veil.session.sessions.StoredResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Create and get of Plivo's masking sessions. Both paths are served with and without a trailing slash (the Java
 * SDK adds one, Node does not). Authentication and tenant isolation happen before, in
 * {@code AccountAuthenticationFilter}. A create reserves a virtual number from allocation-service and then stores
 * the session with its {@code SessionCreated} event in one transaction; a rejected request stores nothing and
 * calls nothing.
 */
@RestController
class SessionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final String SESSION_NOT_FOUND = "Session not found";

    private final AllocationClient allocation;
    private final SessionCreator creator;
    private final SessionRepository sessions;
    private final IdempotencyKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    SessionController(AllocationClient allocation, SessionCreator creator, SessionRepository sessions,
            IdempotencyKeys keys, JsonMapper json, Clock clock) {
        this.allocation = allocation;
        this.creator = creator;
        this.sessions = sessions;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a session. With an {@code Idempotency-Key} header, a repeat of the request (the SDKs repeat a POST
     * that got a 5xx) gets the first response again and creates nothing; the same key with a different body is
     * refused with 422.
     */
    @PostMapping({"/v1/Account/{authId}/Masking/Session", "/v1/Account/{authId}/Masking/Session/"})
    Mono<ResponseEntity<byte[]>> create(@PathVariable String authId,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
        byte[] raw = body == null ? new byte[0] : body;
        if (idempotencyKey == null) {
            return Mono.defer(() -> createNew(authId, raw, null, ""));
        }
        String key = idempotencyKey.trim();
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Invalid header. " + IDEMPOTENCY_KEY
                    + " must have 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters."));
        }
        String requestHash = sha256(raw);
        return keys.find(authId, key)
                .map(stored -> replay(stored, requestHash))
                .switchIfEmpty(Mono.defer(() -> createNew(authId, raw, key, requestHash)));
    }

    @GetMapping({"/v1/Account/{authId}/Masking/Session/{sessionUuid}",
            "/v1/Account/{authId}/Masking/Session/{sessionUuid}/"})
    Mono<SessionResponses.Fetched> get(@PathVariable String authId, @PathVariable String sessionUuid) {
        UUID uuid;
        try {
            uuid = UUID.fromString(sessionUuid);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND));
        }
        return sessions.find(uuid, authId)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND)))
                .flatMap(session -> sessions.interactions(uuid).collectList()
                        .map(interactions -> new SessionResponses.Fetched(UUID.randomUUID().toString(),
                                SessionView.of(session, interactions))));
    }

    private Mono<ResponseEntity<byte[]>> createNew(String accountId, byte[] raw, @Nullable String key,
            String requestHash) {
        SessionRequest request = SessionRequestParser.parse(readJson(raw));
        UUID sessionUuid = UUID.randomUUID();
        String apiId = UUID.randomUUID().toString();
        return allocation.reserve(sessionUuid, accountId, request.firstParty(), request.secondParty(),
                        request.geomatch())
                .flatMap(virtualNumber -> {
                    Session session = newSession(sessionUuid, accountId, request, virtualNumber);
                    byte[] response = json.writeValueAsBytes(new SessionResponses.Created(apiId,
                            sessionUuid.toString(), virtualNumber.e164(), "Session created",
                            SessionView.of(session, List.of())));
                    StoredResponse stored = key == null ? null : new StoredResponse(key, requestHash, sessionUuid,
                            HttpStatus.CREATED.value(), new String(response, StandardCharsets.UTF_8));
                    return creator.create(session, stored, apiId).flatMap(created -> created || key == null
                            ? Mono.just(respond(HttpStatus.CREATED.value(), response))
                            // A concurrent request with the same key won; answer what it answered.
                            : keys.find(accountId, key).map(winner -> replay(winner, requestHash)));
                });
    }

    private Session newSession(UUID sessionUuid, String accountId, SessionRequest request,
            PhoneNumber virtualNumber) {
        // Whole seconds: the API shows seconds, and duration must equal expiry_time - created_time as shown.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new Session(sessionUuid, accountId, request.firstParty().e164(), request.secondParty().e164(),
                virtualNumber.e164(), SessionStatus.ACTIVE, request.geomatch(), request.callTimeLimit(),
                request.ringTimeout(), request.record(), request.recordFileFormat(), request.callbackUrl(),
                request.callbackMethod(), request.recordingCallbackUrl(), request.recordingCallbackMethod(), now, now,
                now.plusSeconds(request.sessionExpiry()), 0, BigDecimal.ZERO, 0, null);
    }

    private ResponseEntity<byte[]> replay(StoredResponse stored, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, IDEMPOTENCY_KEY
                    + " was already used for a different request. Use a new key for a new session.");
        }
        return respond(stored.status(), stored.body().getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> respond(int status, byte[] body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private JsonNode readJson(byte[] raw) {
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(raw);
        } catch (JacksonException e) {
            throw new InvalidSessionRequestException(SessionRequestParser.NOT_A_JSON_OBJECT);
        }
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
