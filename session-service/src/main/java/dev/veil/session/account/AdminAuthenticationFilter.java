package dev.veil.session.account;

import dev.veil.session.account.AccountAuthenticationFilter.BasicCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * HTTP Basic authentication of the admin API ({@code /admin/**}) with the operator credentials of
 * {@code veil.session.admin.*}; anything else gets 401. Account credentials do not open the admin API.
 */
final class AdminAuthenticationFilter implements WebFilter {

    static final String UNAUTHORIZED = "Authentication failed: the admin credentials are missing or wrong.";

    private final byte[] username;
    private final byte[] password;
    private final JsonMapper json;

    AdminAuthenticationFilter(String username, String password, JsonMapper json) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return chain.filter(exchange);
        }
        BasicCredentials given = BasicCredentials.parse(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        // Both compared in constant time, and both always, so the time taken tells nothing.
        boolean valid = given != null
                & MessageDigest.isEqual(username, bytes(given == null ? "" : given.authId()))
                & MessageDigest.isEqual(password, bytes(given == null ? "" : given.authToken()));
        return valid ? chain.filter(exchange)
                : AccountAuthenticationFilter.reject(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED, json);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
