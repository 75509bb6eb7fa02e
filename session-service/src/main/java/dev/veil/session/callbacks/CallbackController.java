package dev.veil.session.callbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.session.account.Tenant;
import dev.veil.session.api.ApiError;
import dev.veil.session.sessions.SessionRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The customer's view of its callbacks (authenticated and tenant-scoped like the session API): a session's
 * delivery log (every callback with every attempt), the account's callbacks by status (dead letters first of all),
 * and replay of a dead callback or of every dead callback of a session. A replayed callback is pending again, due
 * at once, with a fresh retry window; it keeps its {@code SequenceNumber}, so the session's later pending callbacks
 * wait for it. A session or callback the caller may not see is 404.
 */
@RestController
class CallbackController {

    static final String SESSION_NOT_FOUND = "Session not found";
    static final String CALLBACK_NOT_FOUND = "Callback not found";
    static final String NOT_DEAD = "Callback is not dead-lettered; only dead callbacks can be replayed.";
    static final String INVALID_STATUS = "Invalid parameter. status must be one of dead, pending, delivered.";
    static final String INVALID_PAGE = "Invalid parameter. limit must be 1 to 20 and offset 0 or more.";

    private static final String SESSION_LOG = "/v1/Account/{authId}/Masking/Session/{sessionUuid}/Callback";
    private static final String SESSION_REPLAY = SESSION_LOG + "/Replay";
    private static final String ACCOUNT_LIST = "/v1/Account/{authId}/Masking/Callback";
    private static final String ONE_REPLAY = ACCOUNT_LIST + "/{callbackUuid}/Replay";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    private final DatabaseClient db;
    private final SessionRepository sessions;
    private final Clock clock;

    CallbackController(DatabaseClient db, SessionRepository sessions, Clock clock) {
        this.db = db;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The session's delivery log, in sequence order. */
    @GetMapping({SESSION_LOG, SESSION_LOG + "/"})
    Mono<ResponseEntity<?>> deliveryLog(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String sessionUuid) {
        UUID session = uuid(sessionUuid);
        if (session == null) {
            return Mono.just(notFound(SESSION_NOT_FOUND));
        }
        return sessions.find(session, tenant)
                .flatMap(found -> callbacks("c.session_uuid = :session", Map.of("session", session),
                        "c.sequence_number", 10_000, 0))
                .<ResponseEntity<?>>map(objects -> ResponseEntity.ok(new DeliveryLog(apiId(), sessionUuid,
                        objects)))
                .defaultIfEmpty(notFound(SESSION_NOT_FOUND));
    }

    /** The account's callbacks with this status ({@code dead} by default), newest first. */
    @GetMapping({ACCOUNT_LIST, ACCOUNT_LIST + "/"})
    Mono<ResponseEntity<?>> list(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @RequestParam(defaultValue = "dead") String status, @RequestParam(defaultValue = "20") String limit,
            @RequestParam(defaultValue = "0") String offset) {
        if (!List.of("dead", "pending", "delivered").contains(status)) {
            return Mono.just(badRequest(INVALID_STATUS));
        }
        int pageSize;
        long skip;
        try {
            pageSize = Integer.parseInt(limit);
            skip = Long.parseLong(offset);
        } catch (NumberFormatException e) {
            return Mono.just(badRequest(INVALID_PAGE));
        }
        if (pageSize < 1 || pageSize > 20 || skip < 0) {
            return Mono.just(badRequest(INVALID_PAGE));
        }
        return callbacks(visibleTo(tenant) + " AND c.status = :status",
                Map.of("tenant", tenant.authId(), "status", status), "c.id DESC", pageSize, skip)
                .map(objects -> ResponseEntity.ok(new Listed(apiId(), new Meta(pageSize, skip), objects)));
    }

    /** Replays one dead callback. */
    @PostMapping({ONE_REPLAY, ONE_REPLAY + "/"})
    Mono<ResponseEntity<?>> replayOne(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String callbackUuid) {
        UUID callback = uuid(callbackUuid);
        if (callback == null) {
            return Mono.just(notFound(CALLBACK_NOT_FOUND));
        }
        return db.sql("SELECT c.status FROM callbacks c WHERE c.callback_uuid = :uuid AND " + visibleTo(tenant))
                .bind("uuid", callback).bind("tenant", tenant.authId())
                .map(row -> Objects.requireNonNull(row.get("status", String.class)))
                .one()
                .<ResponseEntity<?>>flatMap(status -> !"dead".equals(status) ? Mono.just(badRequest(NOT_DEAD))
                        : replay("c.callback_uuid = :uuid", Map.of("uuid", callback))
                                .map(n -> ResponseEntity.ok(new Replayed(apiId(), "Callback replayed", n))))
                .defaultIfEmpty(notFound(CALLBACK_NOT_FOUND));
    }

    /** Replays every dead callback of the session. */
    @PostMapping({SESSION_REPLAY, SESSION_REPLAY + "/"})
    Mono<ResponseEntity<?>> replaySession(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String sessionUuid) {
        UUID session = uuid(sessionUuid);
        if (session == null) {
            return Mono.just(notFound(SESSION_NOT_FOUND));
        }
        return sessions.find(session, tenant)
                .flatMap(found -> replay("c.session_uuid = :session", Map.of("session", session)))
                .<ResponseEntity<?>>map(n -> ResponseEntity.ok(new Replayed(apiId(), "Callbacks replayed", n)))
                .defaultIfEmpty(notFound(SESSION_NOT_FOUND));
    }

    private Mono<Long> replay(String condition, Map<String, Object> binds) {
        var spec = db.sql("UPDATE callbacks c SET status = 'pending', next_attempt_at = :now, retry_from = :now "
                + "WHERE " + condition + " AND c.status = 'dead'")
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.fetch().rowsUpdated();
    }

    private Mono<List<CallbackView>> callbacks(String condition, Map<String, Object> binds, String order, int limit,
            long offset) {
        var spec = db.sql("""
                        SELECT c.id, c.callback_uuid, c.session_uuid, c.sequence_number, c.kind, c.event_name, c.url,
                               c.method, c.status, c.attempts, c.created_at, c.delivered_at, c.next_attempt_at,
                               a.attempt, a.started_at, a.duration_ms, a.status_code, a.error
                        FROM (SELECT * FROM callbacks c WHERE\s""" + condition + " ORDER BY " + order
                        + " LIMIT :limit OFFSET :offset) c "
                        + "LEFT JOIN callback_attempts a ON a.callback_id = c.id ORDER BY " + order + ", a.attempt")
                .bind("limit", limit).bind("offset", offset);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.map(row -> {
                    Integer attempt = row.get("attempt", Integer.class);
                    AttemptView view = attempt == null ? null : new AttemptView(attempt,
                            time(row.get("started_at", OffsetDateTime.class)),
                            Objects.requireNonNull(row.get("duration_ms", Integer.class)),
                            row.get("status_code", Integer.class), row.get("error", String.class));
                    String status = Objects.requireNonNull(row.get("status", String.class));
                    return Map.entry(new CallbackView(
                            Objects.requireNonNull(row.get("callback_uuid", UUID.class)).toString(),
                            Objects.requireNonNull(row.get("session_uuid", UUID.class)).toString(),
                            Objects.requireNonNull(row.get("sequence_number", Long.class)),
                            Objects.requireNonNull(row.get("event_name", String.class)),
                            Objects.requireNonNull(row.get("kind", String.class)),
                            Objects.requireNonNull(row.get("url", String.class)),
                            Objects.requireNonNull(row.get("method", String.class)),
                            status,
                            time(row.get("created_at", OffsetDateTime.class)),
                            time(row.get("delivered_at", OffsetDateTime.class)),
                            "pending".equals(status) ? time(row.get("next_attempt_at", OffsetDateTime.class)) : null,
                            new ArrayList<>()), Optional.ofNullable(view));
                })
                .all()
                .collectList()
                .map(rows -> {
                    Map<String, CallbackView> byUuid = new LinkedHashMap<>();
                    rows.forEach(row -> {
                        CallbackView callback = byUuid.computeIfAbsent(row.getKey().callbackUuid(),
                                k -> row.getKey());
                        row.getValue().ifPresent(callback.attempts()::add);
                    });
                    return List.copyOf(byUuid.values());
                });
    }

    private static String visibleTo(Tenant tenant) {
        return tenant.isSubaccount() ? "c.account_id = :tenant" : "c.main_account_id = :tenant";
    }

    private static @Nullable String time(@Nullable OffsetDateTime time) {
        return time == null ? null : TIME.format(time.toInstant());
    }

    private static @Nullable UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String apiId() {
        return UUID.randomUUID().toString();
    }

    private static ResponseEntity<?> notFound(String message) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(message));
    }

    private static ResponseEntity<?> badRequest(String message) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ApiError.of(message));
    }

    /** A session's callbacks in sequence order. */
    record DeliveryLog(@JsonProperty("api_id") String apiId, @JsonProperty("session_uuid") String sessionUuid,
            @JsonProperty("objects") List<CallbackView> objects) {
    }

    /** A page of the account's callbacks. */
    record Listed(@JsonProperty("api_id") String apiId, @JsonProperty("meta") Meta meta,
            @JsonProperty("objects") List<CallbackView> objects) {
    }

    record Meta(@JsonProperty("limit") int limit, @JsonProperty("offset") long offset) {
    }

    record Replayed(@JsonProperty("api_id") String apiId, @JsonProperty("message") String message,
            @JsonProperty("replayed") long replayed) {
    }

    /**
     * One callback and its attempts. {@code next_attempt_time} only while pending; {@code delivered_time} once
     * delivered.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CallbackView(
            @JsonProperty("callback_uuid") String callbackUuid,
            @JsonProperty("session_uuid") String sessionUuid,
            @JsonProperty("sequence_number") long sequenceNumber,
            @JsonProperty("event_name") String eventName,
            @JsonProperty("kind") String kind,
            @JsonProperty("url") String url,
            @JsonProperty("method") String method,
            @JsonProperty("status") String status,
            @JsonProperty("created_time") @Nullable String createdTime,
            @JsonProperty("delivered_time") @Nullable String deliveredTime,
            @JsonProperty("next_attempt_time") @Nullable String nextAttemptTime,
            @JsonProperty("attempts") List<AttemptView> attempts) {
    }

    /** One attempt: when, how long, the status code answered (absent when none came) or the error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(
            @JsonProperty("attempt") int attempt,
            @JsonProperty("time") @Nullable String time,
            @JsonProperty("duration_ms") int durationMs,
            @JsonProperty("status_code") @Nullable Integer statusCode,
            @JsonProperty("error") @Nullable String error) {
    }
}
