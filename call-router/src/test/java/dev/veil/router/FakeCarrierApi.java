package dev.veil.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for the carrier's call API ({@code POST /v1/Account/{id}/Call/}): answers 201 as
 * Plivo does and keeps every request it got.
 */
public final class FakeCarrierApi {

    private static FakeCarrierApi instance;

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** A request as received. */
    public record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private FakeCarrierApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::call);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static synchronized FakeCarrierApi get() {
        if (instance == null) {
            try {
                instance = new FakeCarrierApi();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests whose body mentions {@code text}. */
    public List<Request> requestsMentioning(String text) {
        return requests.stream().filter(r -> r.body().contains(text)).toList();
    }

    private void call(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        byte[] answer = "{\"api_id\":\"x\",\"message\":\"call fired\",\"request_uuid\":\"r\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }
}
