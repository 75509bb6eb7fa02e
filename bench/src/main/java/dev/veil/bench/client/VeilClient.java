package dev.veil.bench.client;

import dev.veil.bench.platform.Platform;
import dev.veil.platform.webhook.PlivoSignatureV3;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The requests the scenarios send, as Veil's clients send them: the session API with the demo account's
 * credentials, the carrier's answer webhook signed with X-Plivo-Signature-V3 over the exact URL (as the carrier
 * simulator signs it), and the simulator's {@code POST /sim/v1/calls}. Asynchronous, over the JDK's HTTP client
 * (HTTP/1.1, a connection per concurrent request, reused).
 */
public final class VeilClient {

    public static final String ACCOUNT = "MAVEILDEMO0000000001";
    private static final String TOKEN = "veil-demo-token";
    private static final String CARRIER_TOKEN = "veil-carrier-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A live session the harness created: its uuid, parties and virtual number (E.164). */
    public record Session(String uuid, String firstParty, String secondParty, String virtualNumber) {
    }

    private final Platform.Endpoints endpoints;
    private final HttpClient http;
    private final String authorization;
    private final Duration timeout;

    public VeilClient(Platform.Endpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("http-", 0).factory()))
                .build();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    }

    /** Party numbers of the {@code i}-th session of a run: unique per index (up to 8M), valid US numbers. */
    public static String firstParty(long salt, long i) {
        return "+1415" + (2_000_000 + (salt + i) % 8_000_000);
    }

    public static String secondParty(long salt, long i) {
        return "+1628" + (2_000_000 + (salt + i) % 8_000_000);
    }

    /** Adds virtual numbers to the demo account's pool, up to 100 per request. */
    public void addNumbers(List<String> numbers) {
        for (int from = 0; from < numbers.size(); from += 100) {
            List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + 100));
            String body = JSON.writeValueAsString(Map.of("numbers", chunk));
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.poolApi() + "/v1/Account/" + ACCOUNT
                            + "/Masking/Number"))
                    .timeout(timeout)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
            if (response.statusCode() != 201) {
                throw new IllegalStateException("adding numbers answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }

    /**
     * Creates a session of two new parties; completes with it, or exceptionally with a {@link Failure} naming the
     * status.
     */
    public CompletableFuture<Session> createSession(String firstParty, String secondParty) {
        String body = JSON.writeValueAsString(Map.of("first_party", firstParty, "second_party", secondParty,
                "session_expiry", 86_400));
        return http.sendAsync(apiRequest("/v1/Account/" + ACCOUNT + "/Masking/Session")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 201) {
                        throw new Failure("create " + response.statusCode());
                    }
                    JsonNode json = JSON.readTree(response.body());
                    return new Session(json.get("session_uuid").asString(), firstParty, secondParty,
                            json.get("virtual_number").asString());
                });
    }

    /** The session's {@code total_call_count} as GET shows it. */
    public CompletableFuture<Integer> totalCallCount(String sessionUuid) {
        return http.sendAsync(apiRequest("/v1/Account/" + ACCOUNT + "/Masking/Session/" + sessionUuid).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new Failure("get " + response.statusCode());
                    }
                    return JSON.readTree(response.body()).get("response").get("total_call_count").asInt();
                });
    }

    /**
     * The carrier's answer webhook for a call from the session's first party to its virtual number, signed; completes
     * with null when the router bridged it ({@code <Dial>}), else with what it answered.
     */
    public CompletableFuture<String> answer(Session session) {
        String url = endpoints.webhookBase() + "/carrier/plivo/answer";
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("CallUUID", List.of(UUID.randomUUID().toString()));
        form.put("From", List.of(session.firstParty().substring(1)));
        form.put("To", List.of(session.virtualNumber().substring(1)));
        form.put("Direction", List.of("inbound"));
        form.put("CallStatus", List.of("ringing"));
        form.put("Event", List.of("StartApp"));
        form.put("CallerName", List.of(session.firstParty().substring(1)));
        form.put("SessionStart", List.of(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).toString()));
        String nonce = UUID.randomUUID().toString();
        String signature = PlivoSignatureV3.sign("POST", url, form, nonce, CARRIER_TOKEN);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(PlivoSignatureV3.SIGNATURE_HEADER, signature)
                .header(PlivoSignatureV3.NONCE_HEADER, nonce)
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return "answer " + response.statusCode();
            }
            return response.body().contains("<Dial") ? null : "answered without Dial";
        });
    }

    /**
     * A whole call placed through the carrier simulator from the first party to the virtual number (answer, dial
     * events, dial status, hangup, all signed webhooks); completes when the simulator has sent every webhook.
     */
    public CompletableFuture<Void> placeCall(Session session, int talkSeconds) {
        String body = JSON.writeValueAsString(Map.of("from", session.firstParty(), "to", session.virtualNumber(),
                "talk_seconds", talkSeconds));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.simulator() + "/sim/v1/calls"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() != 200) {
                throw new Failure("call " + response.statusCode());
            }
            JsonNode report = JSON.readTree(response.body());
            if (!report.path("error").isNull() && !report.path("error").isMissingNode()) {
                throw new Failure("call failed in the simulator");
            }
            if (!report.path("answer_xml").asString("").contains("<Dial")) {
                throw new Failure("call not bridged");
            }
        });
    }

    private HttpRequest.Builder apiRequest(String path) {
        return HttpRequest.newBuilder(URI.create(endpoints.sessionApi() + path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    private static String formBody(Map<String, List<String>> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((k, values) -> values.forEach(v -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return pairs.stream().collect(Collectors.joining("&"));
    }

    /** A request the platform answered with something other than success. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }
}
