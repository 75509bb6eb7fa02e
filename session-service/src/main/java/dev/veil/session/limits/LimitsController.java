package dev.veil.session.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.session.SessionProperties;
import dev.veil.session.api.ApiError;
import dev.veil.session.audit.AuditLog;
import dev.veil.session.limits.AccountLimits.Limits;
import dev.veil.session.limits.AccountLimits.Settings;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limits of an account. Admin API (admin credentials): {@code PUT /admin/v1/accounts/{auth_id}/limits} with
 * JSON {@code {"sessions_per_second", "sessions_burst", "calls_per_second", "calls_burst"}} replaces the limits set
 * on the account (a field left out or null is not set: inherited from the main account, else the configured
 * default; a rate of 0 is unlimited) and is audited in the same transaction; {@code GET} of the same path answers
 * the effective limits. Internal: {@code GET /internal/v1/accounts/{auth_id}/limits} answers the effective call
 * limit for call-router, {@code {"calls_per_second", "calls_burst"}}. Unknown accounts are 404.
 */
@RestController
class LimitsController {

    private static final String ADMIN = "/admin/v1/accounts/{authId}/limits";

    private final AccountLimits limits;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final String adminUser;

    LimitsController(AccountLimits limits, AuditLog audit, TransactionalOperator tx, JsonMapper json,
            SessionProperties properties) {
        this.limits = limits;
        this.audit = audit;
        this.tx = tx;
        this.json = json;
        this.adminUser = properties.admin().username();
    }

    @GetMapping({ADMIN, ADMIN + "/"})
    Mono<ResponseEntity<?>> get(@PathVariable String authId) {
        return limits.effective(authId).<ResponseEntity<?>>map(l -> ResponseEntity.ok(Effective.of(authId, l)))
                .defaultIfEmpty(notFound());
    }

    @PutMapping({ADMIN, ADMIN + "/"})
    Mono<ResponseEntity<?>> set(@PathVariable String authId, @RequestBody(required = false) byte @Nullable [] body) {
        Settings settings;
        try {
            settings = parse(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            return Mono.just(ResponseEntity.badRequest().body(ApiError.of(e.getMessage())));
        }
        Mono<Boolean> change = limits.set(authId, settings).flatMap(changed -> changed
                ? audit.record(adminUser, AuditLog.LIMITS_CHANGE, authId, details(settings)).thenReturn(true)
                : Mono.just(false));
        return tx.transactional(change).flatMap(changed -> changed ? get(authId) : Mono.just(notFound()));
    }

    @GetMapping("/internal/v1/accounts/{authId}/limits")
    Mono<ResponseEntity<?>> calls(@PathVariable String authId) {
        return limits.effective(authId)
                .<ResponseEntity<?>>map(l -> ResponseEntity.ok(new CallLimits(l.callsPerSecond(), l.callsBurst())))
                .defaultIfEmpty(notFound());
    }

    private Settings parse(byte[] body) {
        JsonNode node;
        try {
            node = new String(body, StandardCharsets.UTF_8).isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Invalid request body. Send the limits as a JSON object.");
        }
        return new Settings(rate(node, "sessions_per_second"), burst(node, "sessions_burst"),
                rate(node, "calls_per_second"), burst(node, "calls_burst"));
    }

    private static @Nullable Double rate(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || !Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException("Invalid parameter. " + name
                    + " should be a number of 0 or more (0 = unlimited).");
        }
        return value.doubleValue();
    }

    private static @Nullable Integer burst(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new IllegalArgumentException("Invalid parameter. " + name + " should be an integer of 1 or more.");
        }
        return value.intValue();
    }

    private static Map<String, Object> details(Settings s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sessions_per_second", s.sessionsPerSecond());
        details.put("sessions_burst", s.sessionsBurst());
        details.put("calls_per_second", s.callsPerSecond());
        details.put("calls_burst", s.callsBurst());
        return details;
    }

    private static ResponseEntity<?> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("Account not found"));
    }

    /** The effective limits of an account. */
    record Effective(@JsonProperty("auth_id") String authId,
            @JsonProperty("sessions_per_second") double sessionsPerSecond,
            @JsonProperty("sessions_burst") int sessionsBurst,
            @JsonProperty("calls_per_second") double callsPerSecond,
            @JsonProperty("calls_burst") int callsBurst) {

        static Effective of(String authId, Limits l) {
            return new Effective(authId, l.sessionsPerSecond(), l.sessionsBurst(), l.callsPerSecond(), l.callsBurst());
        }
    }

    /** The call-start limit call-router enforces; {@code calls_per_second} 0 = unlimited. */
    record CallLimits(@JsonProperty("calls_per_second") double callsPerSecond,
            @JsonProperty("calls_burst") int callsBurst) {
    }
}
