package dev.veil.router.carrier;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The route on a bare Reactor Netty server, with the webhooks it hands requests to played by the test. */
class CarrierWebhookRouteTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DisposableServer server;

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    @Test
    void failureNobodyHandledIsAnswered500SoTheCarrierRetriesAndIsTimedWithItsException() {
        // Not a 400 for a malformed form, though the form is read on the same path: the request was fine.
        serve((carrier, webhook, pathAndQuery, form, query, headers) ->
                Mono.error(new IllegalArgumentException("a bug past the form")));

        Response response = post("/carrier/plivo/hangup", "CallUUID=c1");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal error");
        // A request is timed once its response is written out, which the client may see first.
        Timer timer = await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("http.server.requests")
                .tag("uri", CarrierWebhookRoute.PATH).timer(), found -> found != null && found.count() == 1);
        assertThat(timer.getId().getTag("status")).isEqualTo("500");
        assertThat(timer.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
        assertThat(timer.getId().getTag("exception")).isEqualTo("IllegalArgumentException");
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void webhooksGetTheRawPathAndQueryTheDecodedParametersAndTheirNames() {
        AtomicReference<List<Object>> seen = new AtomicReference<>();
        serve((carrier, webhook, pathAndQuery, form, query, headers) -> {
            seen.set(List.of(carrier, webhook, pathAndQuery, form, query));
            return Mono.just(new CarrierWebhooks.Reply(200, "application/xml", "<Response/>"));
        });

        Response response = post("/carrier/plivo/pin?session=s%201&try=2&flag", "Digits=12%2334&Note=a+b&Empty=");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<Response/>");
        assertThat(seen.get()).containsExactly("plivo", "pin", "/carrier/plivo/pin?session=s%201&try=2&flag",
                Map.of("Digits", List.of("12#34"), "Note", List.of("a b"), "Empty", List.of("")),
                Map.of("session", List.of("s 1"), "try", List.of("2"), "flag", Arrays.asList((String) null)));
    }

    private void serve(CarrierWebhookRoute.Webhooks webhooks) {
        CarrierWebhookRoute route = new CarrierWebhookRoute(webhooks, meters);
        server = HttpServer.create().host("127.0.0.1").port(0).route(route::apply).bindNow();
    }

    private Response post(String pathAndQuery, String form) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .headers(h -> h.set("Content-Type", "application/x-www-form-urlencoded"))
                .post().uri(pathAndQuery)
                .send((request, out) -> out.sendString(Mono.just(form)))
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block(Duration.ofSeconds(10));
    }

    private record Response(int status, String body) {
    }
}
