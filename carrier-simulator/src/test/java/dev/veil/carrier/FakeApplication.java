package dev.veil.carrier;

import dev.veil.platform.webhook.PlivoSignatureV3;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the application (Veil's side) on a real HTTP port: checks the V3 signature of every webhook the way
 * call-router must (403 when it is wrong, and nothing else happens), records what arrived in order, and answers
 * the XML a test set up for the caller. Without a set-up it answers like call-router: a Dial to the callee with
 * the virtual number as caller ID, and {@code <Response/>} to the Dial action.
 */
public final class FakeApplication implements AutoCloseable {

    /** The carrier token the simulator under test is configured with. */
    public static final String TOKEN = "test-carrier-token";

    /** One request the application received. */
    public record Received(String path, String method, String url, Map<String, String> params, String nonce,
            String signature, boolean signatureValid, boolean signatureV2Valid) {

        public String param(String name) {
            return params.get(name);
        }
    }

    /** An HTTP answer. */
    public record Reply(int status, String body) {

        public static Reply xml(String body) {
            return new Reply(200, body);
        }
    }

    private final DisposableServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> answers = new ConcurrentHashMap<>();
    private final Map<String, Reply> actions = new ConcurrentHashMap<>();
    private final Map<String, String> callees = new ConcurrentHashMap<>();
    private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();

    public FakeApplication() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            Reply reply = handle(request, body);
                            return response.status(reply.status())
                                    .header("Content-Type", "application/xml")
                                    .sendString(Mono.just(reply.body())).then();
                        }))
                .bindNow();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Answers the answer webhook of calls from {@code callerDigits} with a Dial to {@code calleeDigits}. */
    public void route(String callerDigits, String calleeDigits) {
        callees.put(callerDigits, calleeDigits);
    }

    /** Answers the answer webhook of calls from {@code callerDigits} with {@code reply}. */
    public void answer(String callerDigits, Reply reply) {
        answers.put(callerDigits, reply);
    }

    /** Answers the Dial action webhook of calls from {@code callerDigits} with {@code reply}. */
    public void action(String callerDigits, Reply reply) {
        actions.put(callerDigits, reply);
    }

    /**
     * Answers requests to {@code path} about calls from or to {@code partyDigits} with {@code replies}, one per
     * request in turn; the last one answers every later request. Wins over the defaults.
     */
    public void reply(String path, String partyDigits, Reply... replies) {
        scripted.put(path + "|" + partyDigits, new ArrayDeque<>(List.of(replies)));
    }

    /** The default answer for a caller routed to a callee: what call-router answers. */
    public String routerDial(String calleeDigits) {
        return "<Response><Dial callerId=\"" + TestNumbers.VN_DIGITS + "\" timeLimit=\"14400\" timeout=\"45\""
                + " action=\"" + baseUrl() + "/carrier/plivo/dial-status\" method=\"POST\""
                + " callbackUrl=\"" + baseUrl() + "/carrier/plivo/dial-events\" callbackMethod=\"POST\">"
                + "<Number>" + calleeDigits + "</Number></Dial></Response>";
    }

    /** Every webhook of the call with this A-leg CallUUID, in arrival order. */
    public List<Received> webhooksOf(String callUuid) {
        return received.stream().filter(r -> callUuid.equals(r.param("CallUUID"))).toList();
    }

    private Reply handle(HttpServerRequest request, String body) {
        String method = request.method().name();
        String url = baseUrl() + request.uri();
        URI uri = URI.create(url);
        Map<String, String> params = "GET".equals(method) ? form(uri.getRawQuery()) : form(body);
        String nonce = header(request, PlivoSignatureV3.NONCE_HEADER);
        String signature = header(request, PlivoSignatureV3.SIGNATURE_HEADER);
        // For GET the parameters are in the URL itself, which the canonical string already includes.
        Map<String, List<String>> signed = new LinkedHashMap<>();
        if (!"GET".equals(method)) {
            params.forEach((k, v) -> signed.put(k, List.of(v)));
        }
        boolean valid = PlivoSignatureV3.verify(method, url, signed, nonce, signature, TOKEN);
        String v2 = baseUrl() + uri.getRawPath() + header(request, "X-Plivo-Signature-V2-Nonce");
        boolean v2Valid = hmacSha256(v2).equals(header(request, "X-Plivo-Signature-V2"));
        received.add(new Received(uri.getPath(), method, url, params, nonce, signature, valid, v2Valid));
        if (!valid) {
            return new Reply(403, "");
        }
        String caller = params.getOrDefault("From", "");
        Reply reply = next(uri.getPath() + "|" + caller);
        if (reply == null) {
            reply = next(uri.getPath() + "|" + params.getOrDefault("To", ""));
        }
        if (reply != null) {
            return reply;
        }
        return switch (uri.getPath()) {
            case "/carrier/plivo/answer" -> answers.getOrDefault(caller,
                    Reply.xml(routerDial(callees.getOrDefault(caller, TestNumbers.digits(TestNumbers.callee())))));
            case "/carrier/plivo/dial-status" -> actions.getOrDefault(caller, Reply.xml("<Response/>"));
            case "/carrier/plivo/dial-events", "/carrier/plivo/hangup", "/carrier/plivo/recording" ->
                    new Reply(200, "");
            default -> new Reply(404, "");
        };
    }

    private Reply next(String key) {
        Deque<Reply> replies = scripted.get(key);
        if (replies == null) {
            return null;
        }
        synchronized (replies) {
            return replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
        }
    }

    private static String hmacSha256(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpServerRequest request, String name) {
        String value = request.requestHeaders().get(name);
        return value == null ? "" : value;
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
