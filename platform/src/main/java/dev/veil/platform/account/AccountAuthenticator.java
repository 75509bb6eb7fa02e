package dev.veil.platform.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.netty.channel.ChannelOption;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an {@code Authorization} header with session-service ({@code GET /internal/v1/accounts/authenticate}), which
 * holds the accounts, so every service accepts exactly the credentials the session API accepts. Successful answers
 * are reused for a short time, keyed by a SHA-256 of the header so that no credential is kept in memory; a rotated
 * or disabled token therefore keeps working for at most the cache TTL. Failed checks are never cached.
 */
public final class AccountAuthenticator {

    static final String PATH = "/internal/v1/accounts/authenticate";
    /** Above this many cached answers, expired ones are dropped (and all, if none had expired). */
    private static final int MAX_CACHED = 10_000;

    private final WebClient web;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Clock clock;
    private final JsonMapper json = new JsonMapper();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AccountAuthenticator(URI sessionServiceUrl, Duration timeout, Duration cacheTtl, Clock clock) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        this.web = WebClient.builder()
                .baseUrl(sessionServiceUrl.toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        this.timeout = timeout;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /**
     * The account these credentials authenticate; an empty Optional when they are missing, wrong or disabled.
     *
     * @throws AccountsUnavailableException (as an error signal) when session-service cannot answer
     */
    public Mono<Optional<AuthenticatedAccount>> authenticate(String authorization) {
        String key = sha256(authorization);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresAt().isAfter(now)) {
            return Mono.just(Optional.of(cached.account()));
        }
        return web.get().uri(PATH)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(body -> interpret(response.statusCode().value(), body)))
                .timeout(timeout.multipliedBy(2))
                .onErrorMap(e -> !(e instanceof AccountsUnavailableException),
                        e -> new AccountsUnavailableException("session-service unreachable: " + e, e))
                .doOnNext(answer -> answer.ifPresent(account -> remember(key, account)));
    }

    private Optional<AuthenticatedAccount> interpret(int status, byte[] body) {
        if (status == 401) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new AccountsUnavailableException("session-service answered " + status);
        }
        Answer answer = json.readValue(body, Answer.class);
        if (answer.authId() == null || answer.mainAccountId() == null) {
            throw new AccountsUnavailableException("session-service answered without auth_id or main_account_id");
        }
        return Optional.of(new AuthenticatedAccount(answer.authId(), answer.mainAccountId(),
                answer.subaccountIds() == null ? List.of() : answer.subaccountIds()));
    }

    private void remember(String key, AuthenticatedAccount account) {
        Instant now = clock.instant();
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> !c.expiresAt().isAfter(now));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(account, now.plus(cacheTtl)));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private record Cached(AuthenticatedAccount account, Instant expiresAt) {
    }

    /** session-service's answer. */
    private record Answer(@JsonProperty("auth_id") String authId,
            @JsonProperty("main_account_id") String mainAccountId,
            @JsonProperty("subaccount_ids") List<String> subaccountIds) {
    }
}
