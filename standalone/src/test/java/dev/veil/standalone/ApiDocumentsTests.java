package dev.veil.standalone;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's checked-in OpenAPI document ({@code <module>/openapi.yaml}) is exactly what the running service
 * serves at {@code /v3/api-docs.yaml}, so the documents cannot drift from the code. After changing an API, rewrite
 * them with {@code ./mvnw -pl standalone verify -Dtest=ApiDocumentsTests -Dveil.openapi.write=true} and review the
 * diff.
 */
@ExtendWith(StandalonePlatform.class)
class ApiDocumentsTests {

    static Stream<Arguments> services() {
        Ports ports = StandalonePlatform.ports();
        return Stream.of(
                Arguments.of("session-service", ports.session()),
                Arguments.of("allocation-service", ports.allocation()),
                Arguments.of("call-router", ports.router()),
                Arguments.of("recording-service", ports.recording()),
                Arguments.of("billing-service", ports.billing()),
                Arguments.of("carrier-simulator", ports.simulator()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void checkedInDocumentIsWhatTheServiceServes(String module, int port) throws IOException {
        // The first request builds the document (springdoc scans every endpoint): seconds on a busy 2-core machine.
        String served = new String(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/v3/api-docs.yaml").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        Path document = Path.of("..", module, "openapi.yaml");
        if (Boolean.getBoolean("veil.openapi.write")) {
            Files.writeString(document, served);
        }

        assertThat(served).contains("title: Veil " + module).contains("paths:");
        assertThat(document).as("checked-in OpenAPI document of " + module).exists();
        assertThat(Files.readString(document)).as(document + " (rewrite with -Dveil.openapi.write=true)")
                .isEqualTo(served);
    }
}
