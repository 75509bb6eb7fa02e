package dev.veil.testsupport;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * session-service's {@code GET /internal/v1/accounts/authenticate} as seen over HTTP, for the tests of services
 * whose public APIs authenticate accounts through session-service (the number pool, usage): the password of every
 * account is {@link #token(String)}; a main account ({@code MA…}) has the subaccounts {@link #addSubaccount added}
 * to it; a subaccount is known only once added. It stands in for an HTTP peer, not for infrastructure.
 */
public final class FakeSessionService {

    private static final FakeSessionService INSTANCE = new FakeSessionService();
    private static final Pattern ACCOUNT_PATH = Pattern.compile("/v1/Account/([^/]+)/");

    private final Map<String, String> mainOfSubaccount = new ConcurrentHashMap<>();
    private final DisposableServer server;

    private FakeSessionService() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/internal/v1/accounts/authenticate", (req, res) -> {
                    String answer = answer(req.requestHeaders().get("Authorization"));
                    return answer == null
                            ? res.status(HttpResponseStatus.UNAUTHORIZED).header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"api_id\":\"fake\",\"error\":\"Authentication failed\"}"))
                                    .then()
                            : res.header("Content-Type", "application/json").sendString(Mono.just(answer)).then();
                }))
                .bindNow();
    }

    public static FakeSessionService get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The auth token the fake accepts for {@code authId}. */
    public static String token(String authId) {
        return "token-" + authId;
    }

    /**
     * A client filter that sends each request under {@code /v1/Account/{auth_id}/} with that account's credentials,
     * as its owner would, unless the request carries credentials of its own.
     */
    public static ExchangeFilterFunction asPathOwner() {
        return (request, next) -> {
            Matcher path = ACCOUNT_PATH.matcher(request.url().getPath());
            if (!path.find() || request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
                return next.exchange(request);
            }
            return next.exchange(ClientRequest.from(request)
                    .headers(h -> h.setBasicAuth(path.group(1), token(path.group(1)))).build());
        };
    }

    /** Makes {@code subaccount} a subaccount of {@code mainAccount}. */
    public void addSubaccount(String mainAccount, String subaccount) {
        mainOfSubaccount.put(subaccount, mainAccount);
    }

    private String answer(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)),
                StandardCharsets.UTF_8).split(":", 2);
        if (credentials.length != 2 || !credentials[1].equals(token(credentials[0]))) {
            return null;
        }
        String authId = credentials[0];
        if (authId.startsWith("MA")) {
            List<String> subs = new ArrayList<>();
            mainOfSubaccount.forEach((sub, main) -> {
                if (main.equals(authId)) {
                    subs.add("\"" + sub + "\"");
                }
            });
            return json(authId, authId, String.join(",", subs));
        }
        String main = mainOfSubaccount.get(authId);
        return main == null ? null : json(authId, main, "");
    }

    private static String json(String authId, String main, String subs) {
        return "{\"auth_id\":\"" + authId + "\",\"main_account_id\":\"" + main + "\",\"subaccount_ids\":[" + subs
                + "]}";
    }
}
