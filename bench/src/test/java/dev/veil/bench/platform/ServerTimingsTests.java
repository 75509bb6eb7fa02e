package dev.veil.bench.platform;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTimingsTests {

    @Test
    void readsEachEndpointsCountAndTotalTimeFromPrometheusText() {
        String body = """
                # HELP http_server_requests_seconds
                http_server_requests_seconds_count{error="none",exception="none",method="POST",outcome="SUCCESS",service="call-router",status="200",uri="/carrier/plivo/{webhook}"} 2000
                http_server_requests_seconds_sum{error="none",exception="none",method="POST",outcome="SUCCESS",service="call-router",status="200",uri="/carrier/plivo/{webhook}"} 7.5
                http_server_requests_seconds_max{error="none",exception="none",method="POST",outcome="SUCCESS",service="call-router",status="200",uri="/carrier/plivo/{webhook}"} 0.2
                http_client_requests_seconds_count{client_name="127.0.0.1",method="GET",status="404",uri="/internal/v1/routes"} 3
                http_client_requests_seconds_sum{client_name="127.0.0.1",method="GET",status="404",uri="/internal/v1/routes"} 0.03
                http_server_requests_seconds_count{method="GET",status="200",uri="/actuator/prometheus"} 4
                veil_router_answer_latency_seconds_count{service="call-router"} 2000
                """;
        Map<String, double[]> series = new HashMap<>();

        ServerTimings.parse("call-router", body, series);

        assertThat(series).containsOnlyKeys("call-router serves POST /carrier/plivo/{webhook} → 200",
                "call-router calls GET /internal/v1/routes → 404");
        assertThat(series.get("call-router serves POST /carrier/plivo/{webhook} → 200")).containsExactly(2000, 7.5);
        assertThat(series.get("call-router calls GET /internal/v1/routes → 404")).containsExactly(3, 0.03);
    }
}
