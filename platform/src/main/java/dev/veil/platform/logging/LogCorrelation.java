package dev.veil.platform.logging;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.util.context.Context;

import java.util.List;

/**
 * The ids that tie a service's log lines to a request, a session and a call, carried as SLF4J MDC entries, so every
 * line of the JSON log has them as fields ({@code correlation_id}, {@code session_uuid}, {@code call_uuid}). Reactive
 * code puts them in the Reactor context ({@link #with}); Reactor's automatic context propagation copies them into the
 * MDC of whichever thread runs the next operator. Ids only: never a phone number.
 */
public final class LogCorrelation {

    /** The request's or event's correlation id (the event envelope's {@code ce_correlationid}). */
    public static final String CORRELATION_ID = "correlation_id";
    /** The session the work is about. */
    public static final String SESSION_UUID = "session_uuid";
    /** The carrier call (its A leg) the work is about. */
    public static final String CALL_UUID = "call_uuid";

    private static final List<String> KEYS = List.of(CORRELATION_ID, SESSION_UUID, CALL_UUID);

    private LogCorrelation() {
    }

    /** Makes the keys travel from the Reactor context to the MDC; idempotent. */
    static void install() {
        ContextRegistry registry = ContextRegistry.getInstance();
        for (String key : KEYS) {
            registry.registerThreadLocalAccessor(key, () -> MDC.get(key), value -> MDC.put(key, value),
                    () -> MDC.remove(key));
        }
        Hooks.enableAutomaticContextPropagation();
    }

    /** {@code context} with {@code key} set to {@code value}, or unchanged when the value is null or blank. */
    public static Context with(Context context, String key, String value) {
        return value == null || value.isBlank() ? context : context.put(key, value);
    }
}
