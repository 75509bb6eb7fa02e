package dev.veil.platform.logging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationWebFilterTests {

    private static final String SESSION = "4c2b1d8e-6f3a-4b7e-9d21-5a8f0c3e7b14";

    @BeforeAll
    static void propagation() {
        LogCorrelation.install();
    }

    @Test
    void requestIdAndSessionReachTheMdcOfAnotherThread() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .get("/v1/Account/MAVEILDEMO0000000001/Masking/Session/" + SESSION + "/")
                .header(CorrelationWebFilter.HEADER, "req-42"));

        Map<String, String> seen = filter(exchange);

        assertThat(seen).containsEntry(LogCorrelation.CORRELATION_ID, "req-42")
                .containsEntry(LogCorrelation.SESSION_UUID, SESSION);
        assertThat(exchange.getResponse().getHeaders().getFirst(CorrelationWebFilter.HEADER)).isEqualTo("req-42");
        assertThat(MDC.get(LogCorrelation.CORRELATION_ID)).isNull();
    }

    @Test
    void requestWithoutASaneIdGetsANewOneAndNoSession() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .post("/carrier/plivo/answer").header(CorrelationWebFilter.HEADER, "bad id\nwith newline"));

        Map<String, String> seen = filter(exchange);

        String issued = exchange.getResponse().getHeaders().getFirst(CorrelationWebFilter.HEADER);
        assertThat(issued).matches("[0-9a-f-]{36}");
        assertThat(seen).containsEntry(LogCorrelation.CORRELATION_ID, issued)
                .doesNotContainKey(LogCorrelation.SESSION_UUID);
    }

    /** Runs the filter with a handler that reads the MDC on a scheduler thread, as a log call there would. */
    private static Map<String, String> filter(MockServerWebExchange exchange) {
        Map<String, String> seen = new HashMap<>();
        WebFilterChain handler = ignored -> Mono.fromRunnable(() -> {
            String correlation = MDC.get(LogCorrelation.CORRELATION_ID);
            String session = MDC.get(LogCorrelation.SESSION_UUID);
            if (correlation != null) {
                seen.put(LogCorrelation.CORRELATION_ID, correlation);
            }
            if (session != null) {
                seen.put(LogCorrelation.SESSION_UUID, session);
            }
        }).subscribeOn(Schedulers.parallel()).then();
        new CorrelationWebFilter().filter(exchange, handler).block();
        return seen;
    }
}
