package dev.veil.platform.logging;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request a correlation id (the caller's {@value #HEADER} when it sends a sane one, else a new
 * UUID), returns it in the same response header, and puts it, with the session uuid a session path names, into the
 * request's Reactor context for {@link LogCorrelation}.
 */
public final class CorrelationWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern SESSION_PATH = Pattern.compile("/Session/([0-9a-fA-F-]{36})(?:/|$)");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String correlationId = correlationId(exchange.getRequest().getHeaders().getFirst(HEADER));
        exchange.getResponse().getHeaders().set(HEADER, correlationId);
        Matcher session = SESSION_PATH.matcher(exchange.getRequest().getPath().value());
        String sessionUuid = session.find() ? session.group(1) : null;
        return chain.filter(exchange).contextWrite(context -> LogCorrelation.with(
                LogCorrelation.with(context, LogCorrelation.CORRELATION_ID, correlationId),
                LogCorrelation.SESSION_UUID, sessionUuid));
    }

    /** The request's correlation id: the caller's {@value #HEADER} when it is sane, else a new UUID. */
    public static String correlationId(@Nullable String given) {
        return given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
