package dev.veil.platform.account;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account authentication filter and authenticator against a tiny HTTP server standing in for session-service's
 * {@code GET /internal/v1/accounts/authenticate}: a main account {@link #MAIN} with subaccount {@link #SUB}, and
 * another main account {@link #OTHER}.
 */
class AccountAuthenticationTests {

    static final String MAIN = "MAMAIN00000000000001";
    static final String SUB = "SASUB000000000000001";
    static final String OTHER = "MAOTHER0000000000001";
    static final String PATTERN = "/v1/Account/{auth_id}/Masking/Number/**";

    private static final Map<String, String> ANSWERS = Map.of(
            basic(MAIN, "main-token"), answer(MAIN, MAIN, "\"" + SUB + "\""),
            basic(SUB, "sub-token"), answer(SUB, MAIN, ""),
            basic(OTHER, "other-token"), answer(OTHER, OTHER, ""));
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final DisposableServer SESSION_SERVICE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get(AccountAuthenticator.PATH, (req, res) -> {
                CALLS.incrementAndGet();
                String body = ANSWERS.get(String.valueOf(req.requestHeaders().get(HttpHeaders.AUTHORIZATION)));
                return body == null
                        ? res.status(HttpResponseStatus.UNAUTHORIZED).header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"api_id\":\"x\",\"error\":\"no\"}")).then()
                        : res.header("Content-Type", "application/json").sendString(Mono.just(body)).then();
            }))
            .bindNow();

    private final MutableClock clock = new MutableClock();
    private WebTestClient web;

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String answer(String authId, String main, String subs) {
        return "{\"auth_id\":\"" + authId + "\",\"main_account_id\":\"" + main + "\",\"subaccount_ids\":[" + subs
                + "]}";
    }

    static URI sessionServiceUrl() {
        return URI.create("http://127.0.0.1:" + SESSION_SERVICE.port());
    }

    @AfterAll
    static void stop() {
        SESSION_SERVICE.disposeNow();
    }

    @BeforeEach
    void filterInFrontOfAHandlerEchoingTheAccount() {
        web = client(new AccountAuthenticator(sessionServiceUrl(), Duration.ofSeconds(2), Duration.ofSeconds(10),
                clock));
    }

    private WebTestClient client(AccountAuthenticator authenticator) {
        return WebTestClient.bindToWebHandler(exchange -> {
                    AuthenticatedAccount account = exchange.getAttribute(AuthenticatedAccount.ATTRIBUTE);
                    String body = account == null ? "anonymous" : account.authId() + "/" + account.mainAccountId();
                    DataBuffer buffer = exchange.getResponse().bufferFactory()
                            .wrap(body.getBytes(StandardCharsets.UTF_8));
                    return exchange.getResponse().writeWith(Mono.just(buffer));
                })
                .webFilter(new AccountAuthenticationFilter(authenticator, List.of(PATTERN)))
                .build();
    }

    private WebTestClient.ResponseSpec get(String pathAccount, String authorization) {
        return web.get().uri("/v1/Account/{id}/Masking/Number/", pathAccount)
                .headers(h -> {
                    if (authorization != null) {
                        h.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .exchange();
    }

    @Test
    void theAccountItselfAndAMainAccountForItsSubaccountPassWithTheAccountInTheExchange() {
        get(MAIN, basic(MAIN, "main-token")).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(MAIN + "/" + MAIN);
        get(SUB, basic(MAIN, "main-token")).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(MAIN + "/" + MAIN);
        get(SUB, basic(SUB, "sub-token")).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(SUB + "/" + MAIN);
    }

    @Test
    void missingMalformedOrWrongCredentialsGet401InPlivosShape() {
        get(MAIN, null).expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo(AccountAuthenticationFilter.UNAUTHORIZED);
        get(MAIN, "Bearer main-token").expectStatus().isUnauthorized();
        get(MAIN, basic(MAIN, "wrong")).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.api_id").isNotEmpty();
    }

    @Test
    void anotherAccountsPathOrASubaccountActingForItsMainAccountIs404() {
        get(OTHER, basic(MAIN, "main-token")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Account not found").jsonPath("$.api_id").isNotEmpty();
        get(MAIN, basic(SUB, "sub-token")).expectStatus().isNotFound();
        get(SUB, basic(OTHER, "other-token")).expectStatus().isNotFound();
    }

    @Test
    void pathsOutsideThePatternsAreNotAuthenticated() {
        web.get().uri("/v1/Account/{id}/Masking/Session/", MAIN).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("anonymous");
    }

    @Test
    void successfulAnswersAreCachedForTheTtlAndFailuresNever() {
        int before = CALLS.get();
        get(MAIN, basic(MAIN, "main-token")).expectStatus().isOk();
        get(MAIN, basic(MAIN, "main-token")).expectStatus().isOk();
        get(SUB, basic(MAIN, "main-token")).expectStatus().isOk();
        assertThat(CALLS.get() - before).isEqualTo(1);

        get(MAIN, basic(MAIN, "wrong")).expectStatus().isUnauthorized();
        get(MAIN, basic(MAIN, "wrong")).expectStatus().isUnauthorized();
        assertThat(CALLS.get() - before).isEqualTo(3);

        clock.advance(Duration.ofSeconds(11));
        get(MAIN, basic(MAIN, "main-token")).expectStatus().isOk();
        assertThat(CALLS.get() - before).isEqualTo(4);
    }

    @Test
    void cacheKeysAreHashesNotTheHeader() {
        assertThat(AccountAuthenticator.sha256(basic(MAIN, "main-token")))
                .hasSize(64).doesNotContain("main-token").isNotEqualTo(AccountAuthenticator.sha256(basic(MAIN, "x")));
    }

    @Test
    void sessionServiceUnreachableIs503() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        URI gone = URI.create("http://127.0.0.1:" + closed.port());
        closed.disposeNow();
        web = client(new AccountAuthenticator(gone, Duration.ofSeconds(2), Duration.ofSeconds(10), clock));

        get(MAIN, basic(MAIN, "main-token")).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isNotEmpty();
    }

    @Test
    void autoConfiguredOnlyWhenAuthenticatePathsAreSetAndEachNamesAuthId() {
        var runner = new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AccountAutoConfiguration.class))
                .withBean(Clock.class, Clock::systemUTC);

        runner.run(context -> assertThat(context).doesNotHaveBean(AccountAuthenticationFilter.class)
                .doesNotHaveBean(AccountAuthenticator.class));
        runner.withPropertyValues("veil.accounts.authenticate-paths[0]=" + PATTERN,
                        "veil.accounts.session-service-url=" + sessionServiceUrl())
                .run(context -> assertThat(context).hasSingleBean(AccountAuthenticationFilter.class)
                        .hasSingleBean(AccountAuthenticator.class));
        runner.withPropertyValues("veil.accounts.authenticate-paths=/v1/Account/{id}/Masking/Number/**")
                .run(context -> assertThat(context).hasFailed());
    }

    /** A clock the test moves forward, to expire cached answers without sleeping. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
