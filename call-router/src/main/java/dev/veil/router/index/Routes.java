package dev.veil.router.index;

import dev.veil.platform.phone.PhoneNumber;
import reactor.core.publisher.Mono;

/**
 * Finds where a call goes: from the {@link RoutingIndex} in memory, or, when the index has no route (the call came
 * right after its session was created, before {@code SessionCreated} reached the index), from session-service,
 * whose answer is then kept in the index.
 */
public final class Routes {

    private final RoutingIndex index;
    private final SessionServiceRoutes sessionService;

    Routes(RoutingIndex index, SessionServiceRoutes sessionService) {
        this.index = index;
        this.sessionService = sessionService;
    }

    /** The route of a call from {@code caller} to {@code virtualNumber}; empty when no live session has one. */
    public Mono<Route> find(PhoneNumber virtualNumber, PhoneNumber caller) {
        return index.find(virtualNumber, caller).map(Mono::just)
                .orElseGet(() -> sessionService.find(virtualNumber, caller)
                        .flatMap(live -> Mono.justOrEmpty(
                                index.learn(live.sessionUuid(), live.session(), virtualNumber, caller))));
    }
}
