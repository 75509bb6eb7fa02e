package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.account.AuthIds;
import dev.veil.session.account.Subaccounts;
import dev.veil.session.account.Tenant;
import dev.veil.session.allocation.AllocationClient;
import dev.veil.session.allocation.AllocationClient.Allocation;
import dev.veil.session.allocation.AllocationRequest;
import dev.veil.session.callbacks.CallbackTargetGuard;
import dev.veil.session.callbacks.CallbackTargetGuard.ParameterUrl;
import dev.veil.session.callbacks.CallbackTargetGuard.RefusedTargetException;
import dev.veil.session.limits.SessionRateLimiter;
import dev.veil.session.sessions.IdempotencyKeys;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionChanges;
import dev.veil.session.sessions.SessionChanges.Outcome;
import dev.veil.session.sessions.SessionCreator;
import dev.veil.session.sessions.SessionOptions;
import dev.veil.session.sessions.SessionQuery;
import dev.veil.session.sessions.SessionRepository;
import dev.veil.session.sessions.SessionStatus;
import dev.veil.session.sessions.StoredResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
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
 * Plivo's masking session API: create, get, list, update and expire (PLIVO_API.md §1, §2). Every path is served
 * with and without a trailing slash (the Java SDK adds one, Node does not); bodies are read as JSON whatever the
 * content type says (with or without a charset; Node's {@code {}} on DELETE is ignored). Authentication and the
 * tenant come from {@code AccountAuthenticationFilter}; a session the tenant may not see is 404, as an unknown one.
 * A create reserves a virtual number from allocation-service and then stores the session with its
 * {@code SessionCreated} in one transaction; an update stores it with {@code SessionUpdated}, an expire with
 * {@code SessionExpired} (reason {@code api}). A rejected request stores nothing; that includes callback URLs the
 * {@link CallbackTargetGuard} refuses (400), and a create over the account's rate limit ({@link SessionRateLimiter}:
 * 429 with {@code Retry-After}).
 */
@RestController
class SessionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final String SESSION_NOT_FOUND = "Session not found";
    static final String ALREADY_EXPIRED = "Session already expired";
    static final String INVALID_SUBACCOUNT = "Invalid parameter. subaccount is not a subaccount of this account.";

    private static final String BASE = "/v1/Account/{authId}/Masking/Session";
    private static final String ONE = BASE + "/{sessionUuid}";

    private final AllocationClient allocation;
    private final SessionCreator creator;
    private final SessionChanges changes;
    private final SessionRepository sessions;
    private final Subaccounts subaccounts;
    private final IdempotencyKeys keys;
    private final JsonMapper json;
    private final Clock clock;
    private final CallbackTargetGuard targets;
    private final SessionRateLimiter limiter;

    SessionController(AllocationClient allocation, SessionCreator creator, SessionChanges changes,
            SessionRepository sessions, Subaccounts subaccounts, IdempotencyKeys keys, JsonMapper json,
            Clock clock, CallbackTargetGuard targets, SessionRateLimiter limiter) {
        this.targets = targets;
        this.limiter = limiter;
        this.allocation = allocation;
        this.creator = creator;
        this.changes = changes;
        this.sessions = sessions;
        this.subaccounts = subaccounts;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a session. With an {@code Idempotency-Key} header, a repeat of the request (the SDKs repeat a POST
     * that got a 5xx) gets the first response again and creates nothing; the same key with a different body is
     * refused with 422. Every create first takes a token of the account's rate limit: over it, 429 with
     * {@code Retry-After} and nothing is stored.
     */
    @PostMapping({BASE, BASE + "/"})
    Mono<ResponseEntity<byte[]>> create(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
        return limiter.admit(tenant).flatMap(refused -> refused.isPresent()
                ? Mono.just(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(refused.get().retryAfterSeconds()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(json.writeValueAsBytes(ApiError.of(refused.get().message()))))
                : admitted(tenant, body, idempotencyKey));
    }

    private Mono<ResponseEntity<byte[]>> admitted(Tenant tenant, byte @Nullable [] body,
            @Nullable String idempotencyKey) {
        byte[] raw = body == null ? new byte[0] : body;
        if (idempotencyKey == null) {
            return Mono.defer(() -> createNew(tenant, raw, null, ""));
        }
        String key = idempotencyKey.trim();
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Invalid header. " + IDEMPOTENCY_KEY
                    + " must have 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters."));
        }
        String requestHash = sha256(raw);
        return keys.find(tenant.authId(), key)
                .map(stored -> replay(stored, requestHash))
                .switchIfEmpty(Mono.defer(() -> createNew(tenant, raw, key, requestHash)));
    }

    @GetMapping({ONE, ONE + "/"})
    Mono<SessionResponses.Fetched> get(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String sessionUuid) {
        UUID uuid = uuid(sessionUuid);
        return sessions.find(uuid, tenant)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND)))
                .flatMap(session -> withInteractions(session, null))
                .map(view -> new SessionResponses.Fetched(apiId(), view));
    }

    /** Lists the tenant's sessions, newest first (filters and paging in {@link ListQueryParser}). */
    @GetMapping({BASE, BASE + "/"})
    Mono<SessionResponses.Listed> list(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String authId, @RequestParam MultiValueMap<String, String> query) {
        SessionQuery parsed = ListQueryParser.parse(query, clock.instant(), sessions::index);
        String base = "/v1/Account/" + authId + "/Masking/Session/";
        return sessions.list(tenant, parsed).flatMap(page -> Flux.fromIterable(page.sessions())
                .concatMap(s -> withInteractions(s, base + s.sessionUuid() + "/"))
                .collectList()
                .map(objects -> {
                    long offset = parsed.offset();
                    int limit = parsed.limit();
                    String next = offset + limit < page.totalCount() ? pageUrl(base, query, limit, offset + limit)
                            : null;
                    String previous = offset > 0 ? pageUrl(base, query, limit, Math.max(0, offset - limit)) : null;
                    return new SessionResponses.Listed(apiId(),
                            new SessionResponses.Meta(limit, next, offset, previous, page.totalCount()), objects);
                }));
    }

    /** Updates a live session (the updatable fields in {@link SessionUpdateParser}); publishes SessionUpdated. */
    @PostMapping({ONE, ONE + "/"})
    Mono<SessionResponses.Updated> update(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String sessionUuid, @RequestBody(required = false) byte @Nullable [] body) {
        UUID uuid = uuid(sessionUuid);
        JsonNode request = readJson(body == null ? new byte[0] : body);
        String apiId = apiId();
        Mono<Void> guarded = guard(List.of(
                new ParameterUrl("callback_url", request.path("callback_url").asString(null)),
                new ParameterUrl("recording_callback_url", request.path("recording_callback_url").asString(null))));
        return guarded.then(Mono.defer(() -> changes.update(uuid, tenant, apiId,
                        (current, now) -> SessionUpdateParser.apply(request, current, now))))
                .flatMap(outcome -> switch (outcome) {
                    case Outcome.NotFound n -> Mono.error(new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND));
                    case Outcome.AlreadyExpired e ->
                            Mono.error(new ApiException(HttpStatus.BAD_REQUEST, ALREADY_EXPIRED));
                    case Outcome.Changed changed -> withInteractions(changed.session(), null)
                            .map(view -> new SessionResponses.Updated(apiId, "Session updated", view));
                });
    }

    /** Expires the session (Plivo keeps it, marked expired); publishes SessionExpired with reason {@code api}. */
    @DeleteMapping({ONE, ONE + "/"})
    Mono<SessionResponses.Expired> expire(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String sessionUuid) {
        UUID uuid = uuid(sessionUuid);
        String apiId = apiId();
        return changes.expire(uuid, tenant, apiId).flatMap(outcome -> switch (outcome) {
            case Outcome.NotFound n -> Mono.error(new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND));
            case Outcome.AlreadyExpired e -> Mono.error(new ApiException(HttpStatus.BAD_REQUEST, ALREADY_EXPIRED));
            case Outcome.Changed c -> Mono.just(new SessionResponses.Expired(apiId, "Session expired"));
        });
    }

    private Mono<ResponseEntity<byte[]>> createNew(Tenant tenant, byte[] raw, @Nullable String key,
            String requestHash) {
        SessionRequest request = SessionRequestParser.parse(readJson(raw));
        Mono<Void> guarded = guard(List.of(new ParameterUrl("callback_url", request.callbackUrl()),
                new ParameterUrl("recording_callback_url", request.recordingCallbackUrl())));
        return guarded.then(subaccount(tenant, request.subaccount())).flatMap(subaccount -> {
            UUID sessionUuid = UUID.randomUUID();
            String apiId = apiId();
            SessionOptions options = request.options();
            boolean generate = options.pinRequired() && options.generatePin();
            AllocationRequest reservation = new AllocationRequest(sessionUuid.toString(), tenant.mainAccountId(),
                    index(request.firstParty()), index(request.secondParty()), country(request.firstParty()),
                    country(request.secondParty()), request.geomatch(),
                    subaccount.isEmpty() ? null : subaccount,
                    options.pinRequired() && !generate
                            ? List.of(String.valueOf(options.firstPartyPin()), String.valueOf(options.secondPartyPin()))
                            : null,
                    generate ? options.generatePinLength() : null,
                    options.singleParty() && !options.pinRequired() ? Boolean.TRUE : null,
                    options.cooloffPeriod() > 0 ? options.cooloffPeriod() : null);
            return allocation.reserve(reservation).flatMap(allocated -> {
                Session session = newSession(sessionUuid, tenant, subaccount, request, allocated);
                byte[] response = json.writeValueAsBytes(new SessionResponses.Created(apiId,
                        sessionUuid.toString(), allocated.virtualNumber().e164(), "Session created",
                        SessionView.of(session, List.of())));
                StoredResponse stored = key == null ? null : new StoredResponse(key, requestHash, sessionUuid,
                        HttpStatus.CREATED.value(), new String(response, StandardCharsets.UTF_8));
                return creator.create(session, stored, apiId).flatMap(created -> created || key == null
                        ? Mono.just(respond(HttpStatus.CREATED.value(), response))
                        // A concurrent request with the same key won; answer what it answered.
                        : keys.find(tenant.authId(), key).map(winner -> replay(winner, requestHash)));
            });
        });
    }

    private Mono<Void> guard(List<ParameterUrl> urls) {
        return targets.check(urls).onErrorMap(RefusedTargetException.class,
                e -> new InvalidSessionRequestException(e.getMessage()));
    }

    /**
     * The session's subaccount, {@code ""} for none: a subaccount's own sessions are its own; a main account may
     * name one of its enabled subaccounts.
     */
    private Mono<String> subaccount(Tenant tenant, String requested) {
        if (tenant.isSubaccount()) {
            return requested.isEmpty() || requested.equals(tenant.authId()) ? Mono.just(tenant.authId())
                    : Mono.error(new InvalidSessionRequestException(INVALID_SUBACCOUNT));
        }
        if (requested.isEmpty()) {
            return Mono.just("");
        }
        if (!AuthIds.isSubaccount(requested)) {
            return Mono.error(new InvalidSessionRequestException(INVALID_SUBACCOUNT));
        }
        return subaccounts.belongsTo(requested, tenant.mainAccountId()).flatMap(ok -> ok ? Mono.just(requested)
                : Mono.error(new InvalidSessionRequestException(INVALID_SUBACCOUNT)));
    }

    private Session newSession(UUID sessionUuid, Tenant tenant, String subaccount, SessionRequest request,
            Allocation allocated) {
        // Whole seconds: the API shows seconds, and duration must equal expiry_time - created_time as shown.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionOptions options = allocated.firstPartyPin() != null && allocated.secondPartyPin() != null
                ? request.options().withPins(allocated.firstPartyPin(), allocated.secondPartyPin())
                : request.options();
        return new Session(sessionUuid, tenant.authId(), tenant.mainAccountId(),
                subaccount.isEmpty() ? null : subaccount, e164(request.firstParty()), e164(request.secondParty()),
                allocated.virtualNumber().e164(), SessionStatus.ACTIVE, request.geomatch(), request.callTimeLimit(),
                request.ringTimeout(), request.record(), request.recordFileFormat(), request.callbackUrl(),
                request.callbackMethod(), request.recordingCallbackUrl(), request.recordingCallbackMethod(), options,
                now, now, now.plusSeconds(request.sessionExpiry()), 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null);
    }

    private Mono<SessionView> withInteractions(Session session, @Nullable String resourceUri) {
        return sessions.interactions(session.sessionUuid()).collectList()
                .map(interactions -> SessionView.of(session, interactions, resourceUri));
    }

    private static String pageUrl(String base, MultiValueMap<String, String> query, int limit, long offset) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>(query);
        params.remove("limit");
        params.remove("offset");
        params.add("limit", String.valueOf(limit));
        params.add("offset", String.valueOf(offset));
        return UriComponentsBuilder.fromPath(base).queryParams(params).encode().build().toUriString();
    }

    private @Nullable String index(@Nullable PhoneNumber number) {
        return number == null ? null : sessions.index(number);
    }

    private static @Nullable String country(@Nullable PhoneNumber number) {
        return number == null ? null : number.country();
    }

    private static @Nullable String e164(@Nullable PhoneNumber number) {
        return number == null ? null : number.e164();
    }

    private static UUID uuid(String sessionUuid) {
        try {
            return UUID.fromString(sessionUuid);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, SESSION_NOT_FOUND);
        }
    }

    private static String apiId() {
        return UUID.randomUUID().toString();
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
