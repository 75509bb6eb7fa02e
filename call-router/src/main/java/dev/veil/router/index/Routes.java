package dev.veil.router.index;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.index.SessionServiceRoutes.LiveSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Optional;

/**
 * Finds where a call goes: from the {@link RoutingIndex} in memory, or, when the index cannot tell (the call came
 * right after its session was created, before {@code SessionCreated} reached the index), from session-service,
 * whose answers are then kept in the index.
 *
 * <p>Two lookups cover a session the index has not read yet: the session of a caller who is a party
 * ({@code /internal/v1/routes}), and the sessions created lately on the virtual number
 * ({@code /internal/v1/routes/recent}), which a caller who is no party needs (a new PIN session's prompt and PINs, a
 * new session's unknown-caller announcement). Both are asked at once on an index miss, so the answer waits one
 * lookup at most; the recent sessions of a number are asked at most once per {@link RecentLookups#INTERVAL}, so
 * callers dialling numbers at random do not turn into a load on session-service. A failed or slow lookup leaves the
 * decision to the index alone.
 */
public final class Routes {

    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    private final RoutingIndex index;
    private final @Nullable SessionServiceRoutes sessionService;
    private final RecentLookups recentLookups;

    Routes(RoutingIndex index, @Nullable SessionServiceRoutes sessionService, Clock clock) {
        this.index = index;
        this.sessionService = sessionService;
        this.recentLookups = new RecentLookups(clock);
    }

    /** Routes from the index alone, never asking session-service: for a router measured or tested on its own. */
    public static Routes memoryOnly(RoutingIndex index) {
        return new Routes(index, null, Clock.systemUTC());
    }

    /**
     * The route of a call from {@code caller} (null when withheld) to {@code virtualNumber}; empty when no live
     * session has one. When the index has none, the number's recent sessions have been learnt by the time this
     * completes, so a caller who is no party can be decided from the index.
     */
    public Mono<Route> find(PhoneNumber virtualNumber, @Nullable PhoneNumber caller) {
        Optional<Route> known = caller == null ? Optional.empty() : index.find(virtualNumber, caller);
        SessionServiceRoutes lookup = sessionService;
        if (known.isPresent() || lookup == null) {
            return Mono.justOrEmpty(known);
        }
        Mono<Optional<Route>> asParty = caller == null ? Mono.just(Optional.empty())
                : lookup.find(virtualNumber, caller).map(live -> learn(live, virtualNumber, caller))
                        .defaultIfEmpty(Optional.empty());
        return Mono.zip(asParty, learnRecent(virtualNumber).thenReturn(Boolean.TRUE))
                .flatMap(found -> Mono.justOrEmpty(found.getT1()
                        .or(() -> caller == null ? Optional.empty() : index.find(virtualNumber, caller))));
    }

    /**
     * The live PIN session on {@code virtualNumber} one of whose PINs is {@code pin}: from the index, else from the
     * index once the number's recent sessions were learnt (a PIN of a session created a moment ago).
     */
    public Mono<IndexedSession> byPin(PhoneNumber virtualNumber, String pin) {
        Optional<IndexedSession> known = index.byPin(virtualNumber, pin);
        if (known.isPresent()) {
            return Mono.just(known.get());
        }
        return learnRecent(virtualNumber).then(Mono.fromCallable(() -> index.byPin(virtualNumber, pin).orElse(null)));
    }

    /** Teaches the index the number's recent sessions, unless they were asked for a moment ago. */
    private Mono<Void> learnRecent(PhoneNumber virtualNumber) {
        SessionServiceRoutes lookup = sessionService;
        if (lookup == null || !recentLookups.tryStart(virtualNumber.e164())) {
            return Mono.empty();
        }
        return lookup.recent(virtualNumber).doOnNext(found -> found.forEach(this::learn)).then();
    }

    private Optional<Route> learn(LiveSession live, PhoneNumber virtualNumber, PhoneNumber caller) {
        try {
            return index.learn(live.sessionUuid(), live.session(), virtualNumber, caller);
        } catch (IllegalStateException e) {
            unroutable(live, e);
            return Optional.empty();
        }
    }

    private void learn(LiveSession live) {
        try {
            index.learn(live.sessionUuid(), live.session());
        } catch (IllegalStateException e) {
            unroutable(live, e);
        }
    }

    /** A party or PIN sealed with an event key this router does not hold. */
    private static void unroutable(LiveSession live, IllegalStateException e) {
        log.warn("session {} from session-service not routable: {}", live.sessionUuid(), e.getMessage());
    }
}
