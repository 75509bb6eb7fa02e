package dev.veil.session;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * allocation-service as seen over HTTP, for session-service's tests: answers {@code POST /internal/v1/allocations}
 * as the test tells it to (allocate a fresh virtual number or a given one, refuse with a status and body, or drop
 * the connection) and records every request it got. Generated PINs are all 1s and all 2s. Like the real service it
 * takes parties as blind indexes and countries ({@code first_party_index}, {@code first_party_country}, ...): a
 * request still naming a number ({@code first_party}/{@code second_party}) gets 400, and two equal indexes get
 * allocation's "must be different numbers" 400. It is an HTTP peer of session-service, not infrastructure.
 */
public final class FakeAllocationService {

    /** What the next allocation requests get. */
    public sealed interface Reply {
        /** 201 with a fresh virtual number. */
        record Allocate() implements Reply {
        }

        /** 201 with this virtual number, for sessions sharing a number. */
        record AllocateOn(String virtualNumber) implements Reply {
        }

        /** This status and body. */
        record Answer(int status, String body) implements Reply {
        }

        /** The connection is closed without an answer. */
        record Drop() implements Reply {
        }
    }

    private static final JsonMapper JSON = new JsonMapper();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger(2000);
    private volatile Reply reply = new Reply.Allocate();
    private final DisposableServer server;

    private FakeAllocationService() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/internal/v1/allocations", (req, res) -> req.receive().aggregate()
                        .asString(StandardCharsets.UTF_8).defaultIfEmpty("{}")
                        .flatMap(body -> {
                            JsonNode request = JSON.readTree(body);
                            requests.add(request);
                            String refusal = refusal(request);
                            if (refusal != null) {
                                return res.status(HttpResponseStatus.BAD_REQUEST)
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(JSON.writeValueAsString(Map.of("error", refusal))))
                                        .then();
                            }
                            return switch (reply) {
                                case Reply.Allocate a -> res.status(HttpResponseStatus.CREATED)
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(JSON.writeValueAsString(allocation(request))))
                                        .then();
                                case Reply.AllocateOn on -> res.status(HttpResponseStatus.CREATED)
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(JSON.writeValueAsString(
                                                allocation(request, on.virtualNumber()))))
                                        .then();
                                case Reply.Answer answer -> res.status(answer.status())
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(answer.body())).then();
                                case Reply.Drop d -> {
                                    res.withConnection(Connection::dispose);
                                    yield Mono.<Void>empty();
                                }
                            };
                        })))
                .bindNow();
        Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
    }

    /** What allocation-service refuses whatever the test asked for; null when the request is well-formed. */
    private static String refusal(JsonNode request) {
        if (request.has("first_party") || request.has("second_party")) {
            return "Unknown field: parties are sent as blind indexes.";
        }
        String first = request.path("first_party_index").asString("");
        if (!first.isEmpty() && first.equals(request.path("second_party_index").asString(""))) {
            return "first_party and second_party must be different numbers.";
        }
        return null;
    }

    /** A fresh number; two distinct PINs of the asked length when {@code generate_pin_length} was sent. */
    private Map<String, String> allocation(JsonNode request) {
        return allocation(request, "+1415555" + numbers.getAndIncrement());
    }

    /** As {@link #allocation(JsonNode)}, on {@code virtualNumber}. */
    private static Map<String, String> allocation(JsonNode request, String virtualNumber) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("session_uuid", request.path("session_uuid").asString());
        answer.put("virtual_number", virtualNumber);
        answer.put("status", "reserved");
        int length = request.path("generate_pin_length").asInt(0);
        if (length > 0) {
            answer.put("first_party_pin", "1".repeat(length));
            answer.put("second_party_pin", "2".repeat(length));
        }
        return answer;
    }

    /** Starts one on a free loopback port. */
    public static FakeAllocationService start() {
        return new FakeAllocationService();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Sets what the following requests get. */
    public void reply(Reply next) {
        reply = next;
    }

    /** Every allocation request received so far, oldest first. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }
}
