package dev.veil.carrier.api;

import dev.veil.carrier.CarrierSimulatorIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static dev.veil.carrier.TestNumbers.digits;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's HTTP API: the report's JSON, call and phone look-ups, and every refusal. */
class SimulatorApiTests extends CarrierSimulatorIntegration {

    private static final String ISO_SECOND = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    @Autowired
    ApplicationContext context;

    @Test
    void reportIsSnakeCaseJsonAndCanBeFetchedAgain() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));

        AtomicReference<String> uuid = new AtomicReference<>();
        place(Map.of("from", digits(a), "to", VN, "talk_seconds", 65, "callee", "answer"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.from").isEqualTo(a)
                .jsonPath("$.to").isEqualTo(VN)
                .jsonPath("$.status").isEqualTo("completed")
                .jsonPath("$.hangup_cause").isEqualTo("NORMAL_CLEARING")
                .jsonPath("$.answer_xml").isEqualTo(app.routerDial(digits(b)))
                .jsonPath("$.legs.length()").isEqualTo(2)
                .jsonPath("$.legs[0].direction").isEqualTo("inbound")
                .jsonPath("$.legs[0].duration").isEqualTo(68)
                .jsonPath("$.legs[0].bill_duration").isEqualTo(68)
                .jsonPath("$.legs[1].direction").isEqualTo("outbound")
                .jsonPath("$.legs[1].caller_id_shown").isEqualTo(VN)
                .jsonPath("$.legs[1].to").isEqualTo(b)
                .jsonPath("$.legs[1].hangup_cause").isEqualTo("NORMAL_CLEARING")
                .jsonPath("$.webhooks[0].event").isEqualTo("answer")
                .jsonPath("$.webhooks[0].status_code").isEqualTo(200)
                .jsonPath("$.webhooks[0].url").isEqualTo(app.baseUrl() + "/carrier/plivo/answer")
                .jsonPath("$.played").isEmpty()
                .jsonPath("$.start_time").value(v -> assertThat((String) v).matches(ISO_SECOND))
                .jsonPath("$.legs[1].answer_time").value(v -> assertThat((String) v).matches(ISO_SECOND))
                .jsonPath("$.call_uuid").value(v -> uuid.set((String) v));

        assertThat(uuid.get()).isNotBlank();
        web.get().uri("/sim/v1/calls/{uuid}", uuid.get()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.call_uuid").isEqualTo(uuid.get())
                .jsonPath("$.legs[1].duration").isEqualTo(65);
    }

    @Test
    void phonesSeeTheirCallsWithTheCallerIdShown() {
        String a = caller();
        String b = callee();
        app.route(digits(a), digits(b));
        place(Map.of("from", a, "to", VN, "talk_seconds", 30)).expectStatus().isOk();
        place(Map.of("from", a, "to", VN, "callee", "busy")).expectStatus().isOk();

        web.get().uri("/sim/v1/phones/{number}/calls", b).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.number").isEqualTo(b)
                .jsonPath("$.calls.length()").isEqualTo(2)
                .jsonPath("$.calls[0].direction").isEqualTo("incoming")
                .jsonPath("$.calls[0].caller_id_shown").isEqualTo(VN)
                .jsonPath("$.calls[0].from").isEqualTo(VN)
                .jsonPath("$.calls[0].answered").isEqualTo(true)
                .jsonPath("$.calls[0].duration").isEqualTo(30)
                .jsonPath("$.calls[1].answered").isEqualTo(false)
                .jsonPath("$.calls[1].duration").isEqualTo(0);

        // The same phone by its digits only: numbers are accepted with or without '+'.
        web.get().uri("/sim/v1/phones/{number}/calls", digits(a)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.number").isEqualTo(a)
                .jsonPath("$.calls.length()").isEqualTo(2)
                .jsonPath("$.calls[0].direction").isEqualTo("outgoing")
                .jsonPath("$.calls[0].to").isEqualTo(VN)
                .jsonPath("$.calls[0].answered").isEqualTo(true)
                .jsonPath("$.calls[0].duration").isEqualTo(33);
    }

    @Test
    void unknownCallIs404AndAnUnusedPhoneHasNoCalls() {
        web.get().uri("/sim/v1/calls/{uuid}", "00000000-0000-0000-0000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).contains("call_uuid"));

        web.get().uri("/sim/v1/phones/{number}/calls", callee()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.calls").isEmpty();
    }

    @Test
    void badRequestsAreRefusedWithAClearError() {
        web.post().uri("/sim/v1/calls").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"from\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).startsWith("Invalid request body"));
        web.post().uri("/sim/v1/calls").contentType(MediaType.APPLICATION_JSON).bodyValue("[1, 2]").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).startsWith("Invalid request body"));

        refused(Map.of("to", VN), "from is required: a phone number in E.164 format, e.g. +14155550100.");
        refused(Map.of("from", caller()), "to is required: a phone number in E.164 format, e.g. +14155550100.");
        refused(Map.of("from", "+1415", "to", VN), "from is not a valid phone number in E.164 format.");
        refused(Map.of("from", caller(), "to", "not-a-number"), "to is not a valid phone number in E.164 format.");
        refused(Map.of("from", caller(), "to", VN, "callee", "maybe"), "callee must be one of answer, busy, no-answer.");
        refused(Map.of("from", caller(), "to", VN, "talk_seconds", -1),
                "talk_seconds must be a whole number of seconds from 0 to 86400.");
        refused(Map.of("from", caller(), "to", VN, "ring_seconds", 4000),
                "ring_seconds must be a whole number of seconds from 0 to 3600.");

        web.get().uri("/sim/v1/phones/{number}/calls", "12").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("The phone number is not a valid phone number in E.164 format.");
    }

    @Test
    void refusedCallsReachNoApplication() {
        String a = caller();
        refused(Map.of("from", a, "to", "12"), "to is not a valid phone number in E.164 format.");

        web.get().uri("/sim/v1/phones/{number}/calls", a).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.calls").isEmpty();
    }

    @Test
    void healthAndMetricsAreExposedWithoutADatabaseOrKafka() {
        String a = caller();
        app.route(digits(a), digits(callee()));
        place(Map.of("from", a, "to", VN)).expectStatus().isOk();

        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text)
                        .contains("veil_simulator_calls_total{")
                        .contains("status=\"completed\"")
                        .contains("veil_simulator_webhooks_total{"));

        assertThat(context.getBeanNamesForType(DatabaseClient.class)).isEmpty();
        assertThat(context.containsBean("outbox")).isFalse();
        assertThat(context.containsBean("outboxProducer")).isFalse();
        assertThat(context.getEnvironment().getProperty("veil.kafka.bootstrap-servers")).isNull();
    }

    private void refused(Map<String, Object> body, String error) {
        place(body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }
}
