package dev.veil.platform.account;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * HTTP Basic authentication, with account credentials checked by session-service, of the paths listed in
 * {@code veil.accounts.authenticate-paths} (each with an {@code {auth_id}} variable). Missing or wrong credentials get
 * 401; credentials of an account that may not act for the {@code {auth_id}} in the path (neither that account nor
 * its main account) get 404 {@code Account not found}, so another tenant's existence is never confirmed;
 * session-service unreachable gets 503. Otherwise the {@link AuthenticatedAccount} is left in the exchange attribute
 * {@link AuthenticatedAccount#ATTRIBUTE}. Errors are Plivo-shaped {@code {"api_id", "error"}}.
 */
public final class AccountAuthenticationFilter implements WebFilter, Ordered {

    static final String UNAUTHORIZED = "Authentication failed: the auth ID or auth token is missing or wrong.";
    static final String NOT_FOUND = "Account not found";
    static final String UNAVAILABLE = "Authentication is temporarily unavailable, please retry.";
    private static final String AUTH_ID = "auth_id";

    private final AccountAuthenticator authenticator;
    private final List<PathPattern> patterns;

    /**
     * @throws IllegalArgumentException when a pattern has no {@code {auth_id}} variable
     */
    public AccountAuthenticationFilter(AccountAuthenticator authenticator, List<String> patterns) {
        this.authenticator = authenticator;
        PathPatternParser parser = new PathPatternParser();
        this.patterns = patterns.stream().map(parser::parse).toList();
        for (PathPattern pattern : this.patterns) {
            if (!pattern.getPatternString().contains("{" + AUTH_ID + "}")) {
                throw new IllegalArgumentException("veil.accounts.authenticate-paths: " + pattern.getPatternString()
                        + " has no {" + AUTH_ID + "} variable");
            }
        }
    }

    /** Early, so that no other filter or handler sees an unauthenticated request under these paths. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String pathAccount = pathAccount(exchange);
        if (pathAccount == null) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
        }
        return authenticator.authenticate(authorization)
                .flatMap(account -> {
                    if (account.isEmpty()) {
                        return reject(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
                    }
                    if (!account.get().mayActFor(pathAccount)) {
                        return reject(exchange, HttpStatus.NOT_FOUND, NOT_FOUND);
                    }
                    exchange.getAttributes().put(AuthenticatedAccount.ATTRIBUTE, account.get());
                    return chain.filter(exchange);
                })
                .onErrorResume(AccountsUnavailableException.class,
                        e -> reject(exchange, HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE));
    }

    private String pathAccount(ServerWebExchange exchange) {
        var path = exchange.getRequest().getPath().pathWithinApplication();
        for (PathPattern pattern : patterns) {
            PathPattern.PathMatchInfo match = pattern.matchAndExtract(path);
            if (match != null) {
                return match.getUriVariables().get(AUTH_ID);
            }
        }
        return null;
    }

    private static Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Veil\"");
        }
        // The messages are constants without characters JSON would need to escape.
        byte[] body = ("{\"api_id\":\"" + UUID.randomUUID() + "\",\"error\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
