package dev.veil.recording;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The carrier's media host, for tests: serves registered bytes at {@code /media/{name}} (with Content-Length), or
 * answers a registered failure status a number of times before serving. Counts the requests per path. One per test
 * JVM, on a random port.
 */
public final class MediaServer {

    private static final MediaServer INSTANCE = new MediaServer();

    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final HttpServer server;

    private record Media(byte[] bytes, String contentType, int failureStatus, AtomicInteger failuresLeft) {
    }

    private MediaServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/media/", this::serve);
        server.start();
    }

    public static MediaServer get() {
        return INSTANCE;
    }

    /** Serves {@code bytes} at the returned URL. */
    public String serve(String name, byte[] bytes, String contentType) {
        return failThenServe(name, bytes, contentType, 200, 0);
    }

    /** Answers {@code status} to every request of the returned URL. */
    public String fail(String name, int status) {
        return failThenServe(name, new byte[0], "application/json", status, Integer.MAX_VALUE);
    }

    /** Answers {@code status} to the first {@code failures} requests of the returned URL, then serves the bytes. */
    public String failThenServe(String name, byte[] bytes, String contentType, int status, int failures) {
        media.put("/media/" + name, new Media(bytes, contentType, status, new AtomicInteger(failures)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/media/" + name;
    }

    /** How many requests asked for {@code name}. */
    public int requests(String name) {
        AtomicInteger count = requests.get("/media/" + name);
        return count == null ? 0 : count.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Media found = media.get(path);
        try (exchange; OutputStream body = exchange.getResponseBody()) {
            if (found == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (found.failuresLeft().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                byte[] error = "{\"error\":\"unavailable\"}".getBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(found.failureStatus(), error.length);
                body.write(error);
            } else {
                exchange.getResponseHeaders().set("Content-Type", found.contentType());
                exchange.sendResponseHeaders(200, found.bytes().length);
                body.write(found.bytes());
            }
        }
    }
}
