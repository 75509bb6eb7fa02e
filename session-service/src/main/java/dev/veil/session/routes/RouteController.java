package dev.veil.session.routes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.sessions.SessionRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * {@code GET /internal/v1/routes?virtual_number=...&caller=...}: the live session on a virtual number in which the
 * caller is a party (failing that, a live single-party session without PIN authentication on it, which takes any
 * caller), for call-router when its index (built from {@code veil.session.v2}) has no entry yet.
 * Numbers are accepted with or without {@code +}; the caller is looked up by its blind index. 200
 * {@code {"session_uuid", "session"}} with the session as the events' {@link SessionState} (parties and PINs sealed
 * with the event key); 404 when there is no such session; 400 for a missing or invalid number.
 */
@RestController
class RouteController {

    private final SessionRepository sessions;
    private final PrivacyKeys privacy;
    private final Clock clock;

    RouteController(SessionRepository sessions, PrivacyKeys privacy, Clock clock) {
        this.sessions = sessions;
        this.privacy = privacy;
        this.clock = clock;
    }

    @GetMapping("/internal/v1/routes")
    Mono<ResponseEntity<?>> route(@RequestParam(name = "virtual_number", required = false) @Nullable String vn,
            @RequestParam(name = "caller", required = false) @Nullable String caller) {
        PhoneNumber virtualNumber = number(vn);
        if (virtualNumber == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "virtual_number must be a valid phone number."));
        }
        PhoneNumber from = number(caller);
        if (from == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "caller must be a valid phone number."));
        }
        return sessions.findLive(virtualNumber.e164(), from, clock.instant())
                .<ResponseEntity<?>>map(s -> ResponseEntity.ok(new Route(s.sessionUuid().toString(),
                        s.state(privacy))))
                .defaultIfEmpty(error(HttpStatus.NOT_FOUND,
                        "No live session on this virtual number for this caller."));
    }

    private static @Nullable PhoneNumber number(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }

    private static ResponseEntity<?> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(new RouteError(message));
    }

    /** The session that routes a call, with its routing state. */
    record Route(@JsonProperty("session_uuid") String sessionUuid, @JsonProperty("session") SessionState session) {
    }

    record RouteError(@JsonProperty("error") String error) {
    }
}
