package dev.veil.carrier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

/**
 * The one Spring context of this module's integration tests (same annotations and properties, so it is cached),
 * pointed at a {@link FakeApplication} on a real port that plays Veil's side of the webhooks.
 */
@SpringBootTest(properties = "spring.config.name=" + CarrierSimulatorApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class CarrierSimulatorIntegration {

    /** Lives as long as the test JVM, like the cached context that posts to it. */
    protected static final FakeApplication app = new FakeApplication();

    @DynamicPropertySource
    static void application(DynamicPropertyRegistry registry) {
        registry.add("veil.simulator.answer-url", () -> app.baseUrl() + "/carrier/plivo/answer");
        registry.add("veil.simulator.hangup-url", () -> app.baseUrl() + "/carrier/plivo/hangup");
        registry.add("veil.simulator.auth-token", () -> FakeApplication.TOKEN);
    }

    @Autowired
    protected WebTestClient web;

    /** Places a call through the API. */
    protected WebTestClient.ResponseSpec place(Map<String, Object> body) {
        return web.post().uri("/sim/v1/calls").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
