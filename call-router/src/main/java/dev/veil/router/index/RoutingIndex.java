package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes of every live session, in memory: virtual number, then caller, to {@link Route}. Reads are lock-free
 * (the answer webhook); writes (the session topic reader, and routes learnt from session-service on a miss) are
 * serialized, so a session's routes appear and disappear together. Applying the same session state twice is
 * harmless, which is why the index needs no idempotency log. A route past its session's expiry time is never
 * returned, even before the session's {@code SessionExpired} arrives.
 */
public final class RoutingIndex {

    /**
     * How long an ended session is remembered, so that a session-service answer that was in flight when the session
     * ended cannot put its routes back. Far longer than any lookup may take.
     */
    static final Duration ENDED_MEMORY = Duration.ofMinutes(2);

    private final Clock clock;
    /** Virtual number (E.164) to caller (E.164) to route. */
    private final Map<String, Map<String, Route>> routes = new ConcurrentHashMap<>();
    /** Session uuid to the routes it added, so they can be removed whatever the session's later state says. */
    private final Map<String, List<Route>> sessions = new ConcurrentHashMap<>();
    /** Sessions that ended recently, oldest first, with when. */
    private final LinkedHashMap<String, Instant> ended = new LinkedHashMap<>();

    public RoutingIndex(Clock clock) {
        this.clock = clock;
    }

    /** The live route of a call from {@code caller} to {@code virtualNumber}, if the index holds one. */
    public Optional<Route> find(PhoneNumber virtualNumber, PhoneNumber caller) {
        Map<String, Route> callers = routes.get(virtualNumber.e164());
        Route route = callers == null ? null : callers.get(caller.e164());
        return route != null && route.liveAt(clock.instant()) ? Optional.of(route) : Optional.empty();
    }

    /** Sets a session's routes from its current state (a session event): indexed when active, removed otherwise. */
    public synchronized void apply(String sessionUuid, SessionState state) {
        remove(sessionUuid);
        if ("active".equals(state.status())) {
            add(sessionUuid, routesOf(sessionUuid, state));
        }
    }

    /**
     * Removes an ended session's routes. {@code endedAt} is when it ended: a recent end is remembered so that
     * {@link #learn} cannot bring the session back.
     */
    public synchronized void end(String sessionUuid, Instant endedAt) {
        remove(sessionUuid);
        Instant now = clock.instant();
        forgetEndedBefore(now.minus(ENDED_MEMORY));
        if (endedAt.isAfter(now.minus(ENDED_MEMORY))) {
            ended.put(sessionUuid, now);
        }
    }

    /**
     * Adds a session that session-service reported live, unless the index meanwhile learnt that it ended; returns
     * the route of {@code caller} to {@code virtualNumber} in it, if it has one.
     */
    public synchronized Optional<Route> learn(String sessionUuid, SessionState state, PhoneNumber virtualNumber,
            PhoneNumber caller) {
        forgetEndedBefore(clock.instant().minus(ENDED_MEMORY));
        if (ended.containsKey(sessionUuid) || !"active".equals(state.status())) {
            return Optional.empty();
        }
        if (!sessions.containsKey(sessionUuid)) {
            add(sessionUuid, routesOf(sessionUuid, state));
        }
        return find(virtualNumber, caller).filter(r -> r.sessionUuid().equals(sessionUuid));
    }

    /** Sessions indexed. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Routes indexed (two per two-party session). */
    public int routeCount() {
        return routes.values().stream().mapToInt(Map::size).sum();
    }

    private void add(String sessionUuid, List<Route> added) {
        if (added.isEmpty()) {
            return;
        }
        sessions.put(sessionUuid, added);
        for (Route route : added) {
            routes.computeIfAbsent(route.virtualNumber().e164(), vn -> new ConcurrentHashMap<>())
                    .put(route.caller().e164(), route);
        }
    }

    private void remove(String sessionUuid) {
        List<Route> removed = sessions.remove(sessionUuid);
        if (removed == null) {
            return;
        }
        for (Route route : removed) {
            Map<String, Route> callers = routes.get(route.virtualNumber().e164());
            if (callers != null) {
                // Only this session's own entry: a newer session on the same number and caller stays.
                callers.remove(route.caller().e164(), route);
                if (callers.isEmpty()) {
                    routes.remove(route.virtualNumber().e164(), callers);
                }
            }
        }
    }

    private void forgetEndedBefore(Instant limit) {
        Iterator<Map.Entry<String, Instant>> oldestFirst = ended.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().isBefore(limit)) {
            oldestFirst.remove();
        }
    }

    /**
     * The two routes of a two-party session (first party calls: dial the second, and the reverse); none when a
     * party or the virtual number is missing or not a valid number. Single-party sessions route only through PIN
     * flows, which this version does not have.
     */
    static List<Route> routesOf(String sessionUuid, SessionState state) {
        PhoneNumber vn = parseOrNull(state.virtualNumber());
        PhoneNumber first = parseOrNull(state.firstParty());
        PhoneNumber second = parseOrNull(state.secondParty());
        if (vn == null || first == null || second == null || first.equals(second)) {
            return List.of();
        }
        return List.of(
                route(sessionUuid, state, vn, PartyRole.FIRST_PARTY, first, second),
                route(sessionUuid, state, vn, PartyRole.SECOND_PARTY, second, first));
    }

    private static Route route(String sessionUuid, SessionState state, PhoneNumber vn, PartyRole callerRole,
            PhoneNumber caller, PhoneNumber otherParty) {
        return new Route(sessionUuid, state.accountId(), callerRole, caller, vn, otherParty, state.callTimeLimit(),
                state.ringTimeout(), state.expiryTime());
    }

    private static @Nullable PhoneNumber parseOrNull(@Nullable String number) {
        if (number == null || number.isBlank()) {
            return null;
        }
        try {
            return PhoneNumber.parse(number);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }
}
