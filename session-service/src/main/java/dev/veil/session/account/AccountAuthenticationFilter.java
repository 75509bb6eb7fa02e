package dev.veil.session.account;

import dev.veil.session.api.ApiError;
import org.jspecify.annotations.Nullable;
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
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic authentication of {@code /v1/Account/{auth_id}/**} with the account's auth id and auth token.
 * Missing or wrong credentials, and a disabled account or subaccount (or one whose main account is disabled), get
 * 401. Valid credentials of another account than the one in the path get 404, the same answer as for an account
 * that does not exist, so a tenant never learns another's resources exist. The authenticated {@link Tenant} is
 * left in the exchange attribute {@link Tenant#ATTRIBUTE}.
 */
final class AccountAuthenticationFilter implements WebFilter {

    static final String UNAUTHORIZED = "Authentication failed: the auth ID or auth token is missing or wrong.";
    static final String NOT_FOUND = "Account not found";

    private static final PathPattern ACCOUNT_PATHS = new PathPatternParser().parse("/v1/Account/{authId}/**");

    private final AccountCredentials credentials;
    private final JsonMapper json;

    AccountAuthenticationFilter(AccountCredentials credentials, JsonMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathPattern.PathMatchInfo match =
                ACCOUNT_PATHS.matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
        if (match == null) {
            return chain.filter(exchange);
        }
        String pathAccount = match.getUriVariables().get("authId");
        BasicCredentials given = BasicCredentials.parse(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (given == null) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
        }
        // Optional, so that the chain completing empty is not mistaken for failed authentication.
        return credentials.authenticate(given.authId(), given.authToken())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(tenant -> {
                    if (tenant.isEmpty()) {
                        return reject(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
                    }
                    if (!tenant.get().authId().equals(pathAccount)) {
                        return reject(exchange, HttpStatus.NOT_FOUND, NOT_FOUND);
                    }
                    exchange.getAttributes().put(Tenant.ATTRIBUTE, tenant.get());
                    return chain.filter(exchange);
                });
    }

    static Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String message, JsonMapper json) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Veil\"");
        }
        byte[] body = json.writeValueAsBytes(ApiError.of(message));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String message) {
        return reject(exchange, status, message, json);
    }

    /** The user name and password of an {@code Authorization: Basic} header. */
    record BasicCredentials(String authId, String authToken) {

        /** The credentials in the header, or null when it is absent or not well-formed Basic credentials. */
        static @Nullable BasicCredentials parse(@Nullable String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "BasicCredentials[authId=" + authId + ", authToken=***]";
        }
    }
}
