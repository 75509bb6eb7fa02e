package dev.veil.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A customer's callback endpoint on a random port of 127.0.0.1, for tests of Veil's callbacks: it can be down (not
 * listening), and answers each path with the status its supplier gives (200 by default), recording every request
 * it received with its parameters (form body or query) and Plivo signature headers.
 */
public final class CustomerEndpoint {

    /** A request as the customer received it: the URL it was sent to, its parameters and signature headers. */
    public record Received(String method, String path, String url, Map<String, String> params, String signature,
            String nonce, String mainSignature, int answered) {
    }

    private final int port;
    private final Map<String, IntSupplier> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;

    private CustomerEndpoint(int port) {
        this.port = port;
    }

    /** An endpoint on a free port, not listening yet. */
    public static CustomerEndpoint reserve() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new CustomerEndpoint(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void answer(String path, IntSupplier status) {
        answers.put(path, status);
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            http.createContext("/", this::handle);
            http.start();
            server = http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        Map<String, String> params = parse("GET".equals(method) ? query : body);
        int status = answers.getOrDefault(path, () -> 200).getAsInt();
        String url = url(path) + ("GET".equals(method) && query != null ? "?" + query : "");
        var headers = exchange.getRequestHeaders();
        received.add(new Received(method, path, url, params, String.valueOf(headers.getFirst("X-Plivo-Signature-V3")),
                String.valueOf(headers.getFirst("X-Plivo-Signature-V3-Nonce")),
                String.valueOf(headers.getFirst("X-Plivo-Signature-Ma-V3")), status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
