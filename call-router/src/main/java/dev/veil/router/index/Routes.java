package dev.veil.router.index;

import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Finds where a call goes: from the {@link RoutingIndex} in memory, or, when the index has no route (the call came
 * right after its session was created, before {@code SessionCreated} reached the index), from session-service,
 * whose answer is then kept in the index.
 */
public final class Routes {

    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    private final RoutingIndex index;
    private final @Nullable SessionServiceRoutes sessionService;

    Routes(RoutingIndex index, @Nullable SessionServiceRoutes sessionService) {
        this.index = index;
        this.sessionService = sessionService;
    }

    /** Routes from the index alone, never asking session-service: for a router measured or tested on its own. */
    public static Routes memoryOnly(RoutingIndex index) {
        return new Routes(index, null);
    }

    /** The route of a call from {@code caller} to {@code virtualNumber}; empty when no live session has one. */
    public Mono<Route> find(PhoneNumber virtualNumber, PhoneNumber caller) {
        SessionServiceRoutes lookup = sessionService;
        return index.find(virtualNumber, caller).map(Mono::just)
                .orElseGet(() -> lookup == null ? Mono.empty() : lookup.find(virtualNumber, caller)
                        .flatMap(live -> Mono.justOrEmpty(
                                index.learn(live.sessionUuid(), live.session(), virtualNumber, caller)))
                        .onErrorResume(IllegalStateException.class, e -> {
                            // A party or PIN sealed with an event key this router does not hold.
                            log.warn("session from session-service not routable: {}", e.getMessage());
                            return Mono.empty();
                        }));
    }
}
