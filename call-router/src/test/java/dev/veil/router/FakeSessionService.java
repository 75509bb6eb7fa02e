package dev.veil.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real HTTP server standing in for session-service's {@code GET /internal/v1/routes} (answers 200 with the
 * sessions it was given, 404 for anything else, and counts the requests per virtual number and caller),
 * {@code GET /internal/v1/routes/recent} (the recent sessions it was given for a virtual number, none for others,
 * or a failure or a hang when told; counts the requests per virtual number) and
 * {@code GET /internal/v1/accounts/{auth_id}/limits} (the limits it was given, 404 for other accounts). The demo
 * account's calls are unlimited, so that the tests' calls are never refused for their rate.
 */
public final class FakeSessionService {

    private static final byte[] NO_SESSIONS = "{\"sessions\":[]}".getBytes(StandardCharsets.UTF_8);

    private static FakeSessionService instance;

    private final HttpServer server;
    private final JsonMapper json = new JsonMapper();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> limits = new ConcurrentHashMap<>();
    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> recentRequests = new ConcurrentHashMap<>();

    private record Answer(byte[] body, Duration delay) {
    }

    /** The answer to a virtual number's recent sessions: a status and body, after a delay. */
    private record Recent(int status, byte[] body, Duration delay) {
    }

    private FakeSessionService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/routes", this::route);
        server.createContext("/internal/v1/routes/recent", this::recent);
        server.createContext("/internal/v1/accounts/", this::limits);
        limitsOf(SessionMother.ACCOUNT, 0, 1);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The JVM's fake, started on first use. */
    public static synchronized FakeSessionService get() {
        if (instance == null) {
            try {
                instance = new FakeSessionService();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers for both parties of {@code session} from now on. */
    public void knows(TestSession session) {
        knows(session, Duration.ZERO);
    }

    /** Answers for both parties of {@code session}, each answer after {@code delay}. */
    public void knows(TestSession session, Duration delay) {
        byte[] body = json.writeValueAsBytes(Map.of("session_uuid", session.uuid(), "session", session.state()));
        answers.put(key(session.virtualNumber().e164(), session.first().e164()), new Answer(body, delay));
        answers.put(key(session.virtualNumber().e164(), session.second().e164()), new Answer(body, delay));
    }

    /**
     * Answers for a caller who is no party of {@code session} (a single-party session without PIN takes any
     * caller, as session-service answers), and for its party.
     */
    public void knowsForAnyCaller(TestSession session, PhoneNumber caller) {
        byte[] body = json.writeValueAsBytes(Map.of("session_uuid", session.uuid(), "session", session.state()));
        answers.put(key(session.virtualNumber().e164(), caller.e164()), new Answer(body, Duration.ZERO));
    }

    /** Answers {@code sessions}, newest first, as the recent sessions of {@code virtualNumber} from now on. */
    public void recentOn(PhoneNumber virtualNumber, TestSession... sessions) {
        List<Map<String, Object>> found = Stream.of(sessions)
                .map(s -> Map.<String, Object>of("session_uuid", s.uuid(), "session", s.state())).toList();
        recent.put(virtualNumber.e164(), new Recent(200, json.writeValueAsBytes(Map.of("sessions", found)),
                Duration.ZERO));
    }

    /** Answers the recent sessions of {@code virtualNumber} with 503 from now on. */
    public void recentFails(PhoneNumber virtualNumber) {
        recent.put(virtualNumber.e164(), new Recent(503, "{\"error\":\"unavailable\"}".getBytes(
                StandardCharsets.UTF_8), Duration.ZERO));
    }

    /** Answers the recent sessions of {@code virtualNumber} (none) only after {@code delay} from now on. */
    public void recentHangs(PhoneNumber virtualNumber, Duration delay) {
        recent.put(virtualNumber.e164(), new Recent(200, NO_SESSIONS, delay));
    }

    /** Requests received for the recent sessions of {@code virtualNumber}. */
    public int recentRequests(PhoneNumber virtualNumber) {
        AtomicInteger count = recentRequests.get(virtualNumber.e164());
        return count == null ? 0 : count.get();
    }

    /** Answers {@code account}'s limits: {@code callsPerSecond} (0 = unlimited) and {@code burst}. */
    public void limitsOf(String account, double callsPerSecond, int burst) {
        limits.put(account, json.writeValueAsBytes(Map.of("calls_per_second", callsPerSecond, "calls_burst", burst)));
    }

    /** Requests received for a call from {@code caller} to {@code virtualNumber}. */
    public int requests(PhoneNumber virtualNumber, PhoneNumber caller) {
        AtomicInteger count = requests.get(key(virtualNumber.e164(), caller.e164()));
        return count == null ? 0 : count.get();
    }

    private void recent(HttpExchange exchange) throws IOException {
        String vn = query(exchange).get("virtual_number");
        recentRequests.computeIfAbsent(vn, k -> new AtomicInteger()).incrementAndGet();
        Recent answer = recent.getOrDefault(vn, new Recent(200, NO_SESSIONS, Duration.ZERO));
        try (exchange) {
            Thread.sleep(answer.delay());
            send(exchange, answer.status(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private void route(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        String key = key(query.get("virtual_number"), query.get("caller"));
        requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Answer answer = answers.get(key);
        try (exchange) {
            if (answer == null) {
                send(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Thread.sleep(answer.delay());
            send(exchange, 200, answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void limits(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /internal/v1/accounts/{auth_id}/limits
        byte[] body = path.length == 6 && "limits".equals(path[5]) ? limits.get(path[4]) : null;
        try (exchange) {
            if (body == null) {
                send(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, body);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String key(String virtualNumber, String caller) {
        return virtualNumber + "|" + caller;
    }
}
