package dev.veil.platform.logging;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.util.context.Context;

/**
 * The ids that tie a service's log lines to a request, a session and a call, carried as SLF4J MDC entries, so every
 * line of the JSON log has them as fields ({@code correlation_id}, {@code session_uuid}, {@code call_uuid}). Reactive
 * code puts them in the Reactor context ({@link #with}); Reactor's automatic context propagation copies them into the
 * MDC of whichever thread runs the next operator. Ids only: never a phone number.
 *
 * <p>Propagation runs at every operator boundary of every request, so it is kept cheap: the ids travel together
 * under one context key (one thread-local accessor, not one per id), and restoring the ids a thread already has
 * (the usual case between two operators of one request) changes nothing in the MDC.
 */
public final class LogCorrelation {

    /** The request's or event's correlation id (the event envelope's {@code ce_correlationid}). */
    public static final String CORRELATION_ID = "correlation_id";
    /** The session the work is about. */
    public static final String SESSION_UUID = "session_uuid";
    /** The carrier call (its A leg) the work is about. */
    public static final String CALL_UUID = "call_uuid";

    /** The Reactor context key the ids travel under. */
    static final String CONTEXT_KEY = "veil.log.ids";

    /** The ids this thread's MDC holds: the instance last restored from a context, null for none. */
    private static final ThreadLocal<@Nullable Ids> CURRENT = new ThreadLocal<>();

    /** A work's ids, each null when unknown. */
    record Ids(@Nullable String correlationId, @Nullable String sessionUuid, @Nullable String callUuid) {

        static final Ids NONE = new Ids(null, null, null);

        Ids with(String key, String value) {
            return switch (key) {
                case CORRELATION_ID -> new Ids(value, sessionUuid, callUuid);
                case SESSION_UUID -> new Ids(correlationId, value, callUuid);
                case CALL_UUID -> new Ids(correlationId, sessionUuid, value);
                default -> throw new IllegalArgumentException("not a log correlation key: " + key);
            };
        }
    }

    private LogCorrelation() {
    }

    /**
     * Makes the ids travel from the Reactor context to the MDC; idempotent. Without tracing nothing reads the
     * current observation from a thread local, so the observation each HTTP request carries in its context is not
     * propagated too: opening and closing its scope at every operator boundary was most of propagation's cost.
     */
    static void install() {
        ContextRegistry registry = ContextRegistry.getInstance();
        registry.removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
        registry.registerThreadLocalAccessor(CONTEXT_KEY, CURRENT::get, LogCorrelation::restore,
                () -> restore(null));
        Hooks.enableAutomaticContextPropagation();
    }

    /** {@code context} with {@code key} set to {@code value}, or unchanged when the value is null or blank. */
    public static Context with(Context context, String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return context;
        }
        Ids ids = context.getOrDefault(CONTEXT_KEY, Ids.NONE);
        return context.put(CONTEXT_KEY, ids.with(key, value));
    }

    private static void restore(@Nullable Ids ids) {
        if (ids == CURRENT.get()) {
            return;
        }
        CURRENT.set(ids);
        put(CORRELATION_ID, ids == null ? null : ids.correlationId());
        put(SESSION_UUID, ids == null ? null : ids.sessionUuid());
        put(CALL_UUID, ids == null ? null : ids.callUuid());
    }

    private static void put(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
