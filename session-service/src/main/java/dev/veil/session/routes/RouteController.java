package dev.veil.session.routes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.SessionProperties;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /internal/v1/routes?virtual_number=...&caller=...}: the live session on a virtual number in which the
 * caller is a party (failing that, a live single-party session without PIN authentication on it, which takes any
 * caller), for call-router when its index (built from {@code veil.session.v2}) has no entry yet.
 * Numbers are accepted with or without {@code +}; the caller is looked up by its blind index. 200
 * {@code {"session_uuid", "session"}} with the session as the events' {@link SessionState} (parties and PINs sealed
 * with the event key); 404 when there is no such session; 400 for a missing or invalid number.
 *
 * <p>{@code GET /internal/v1/routes/recent?virtual_number=...}: the live sessions on a virtual number created within
 * {@code veil.session.routes.recent-window}, newest first, at most {@value #MOST_RECENT}, as 200
 * {@code {"sessions": [{"session_uuid", "session"}, ...]}} (possibly empty); 400 for a missing or invalid number.
 * call-router asks for them when a caller who is no party of its index calls, or types a PIN its index does not
 * know: a PIN session (or one with an unknown-caller announcement) created a moment ago may not have reached it yet.
 */
@RestController
class RouteController {

    /** Most sessions {@code /recent} returns: a virtual number rarely gets more new sessions within the window. */
    static final int MOST_RECENT = 50;
    private static final String BAD_VIRTUAL_NUMBER = "virtual_number must be a valid phone number.";

    private final SessionRepository sessions;
    private final PrivacyKeys privacy;
    private final Clock clock;
    private final Duration recentWindow;

    RouteController(SessionRepository sessions, PrivacyKeys privacy, Clock clock, SessionProperties properties) {
        this.sessions = sessions;
        this.privacy = privacy;
        this.clock = clock;
        this.recentWindow = properties.routes().recentWindow();
    }

    @GetMapping("/internal/v1/routes")
    Mono<ResponseEntity<?>> route(@RequestParam(name = "virtual_number", required = false) @Nullable String vn,
            @RequestParam(name = "caller", required = false) @Nullable String caller) {
        PhoneNumber virtualNumber = number(vn);
        if (virtualNumber == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, BAD_VIRTUAL_NUMBER));
        }
        PhoneNumber from = number(caller);
        if (from == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "caller must be a valid phone number."));
        }
        return sessions.findLive(virtualNumber.e164(), from, clock.instant())
                .<ResponseEntity<?>>map(s -> ResponseEntity.ok(route(s)))
                .defaultIfEmpty(error(HttpStatus.NOT_FOUND,
                        "No live session on this virtual number for this caller."));
    }

    @GetMapping("/internal/v1/routes/recent")
    Mono<ResponseEntity<?>> recent(@RequestParam(name = "virtual_number", required = false) @Nullable String vn) {
        PhoneNumber virtualNumber = number(vn);
        if (virtualNumber == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, BAD_VIRTUAL_NUMBER));
        }
        Instant now = clock.instant();
        return sessions.findRecent(virtualNumber.e164(), now.minus(recentWindow), now, MOST_RECENT)
                .map(this::route).collectList()
                .<ResponseEntity<?>>map(found -> ResponseEntity.ok(new RecentSessions(found)));
    }

    private Route route(Session session) {
        return new Route(session.sessionUuid().toString(), session.state(privacy));
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

    /** The live sessions created lately on a virtual number, newest first. */
    record RecentSessions(@JsonProperty("sessions") List<Route> sessions) {
    }

    record RouteError(@JsonProperty("error") String error) {
    }
}
