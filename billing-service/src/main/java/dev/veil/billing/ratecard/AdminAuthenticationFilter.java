package dev.veil.billing.ratecard;

import dev.veil.billing.BillingProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP Basic authentication of {@code /admin/**} with {@code veil.billing.admin.username/password}: missing or
 * wrong credentials get 401 {@code {"error": ...}}. Compared in constant time.
 */
@Component
class AdminAuthenticationFilter implements WebFilter {

    private static final byte[] UNAUTHORIZED =
            "{\"error\":\"Authentication failed: the admin credentials are missing or wrong.\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final byte[] expected;

    AdminAuthenticationFilter(BillingProperties properties) {
        this.expected = (properties.admin().username() + ":" + properties.admin().password())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/admin/")) {
            return chain.filter(exchange);
        }
        byte[] given = decoded(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (given != null && MessageDigest.isEqual(given, expected)) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Veil admin\"");
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(UNAUTHORIZED)));
    }

    /** The {@code user:password} bytes of a Basic header, or null when absent or malformed. */
    private static byte @Nullable [] decoded(@Nullable String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
