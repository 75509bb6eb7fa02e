package dev.veil.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml is valid for Compose (checked by docker-compose 1.29's {@code config}, which needs no Docker
 * engine) and runs the whole stack in order: every container has a health check, the services start once Kafka
 * and Postgres are healthy, and every Veil setting it passes is one a service reads.
 */
class ComposeFileTests {

    private static final Set<String> VEIL_SERVICES = Set.of("session-service", "allocation-service", "call-router",
            "recording-service", "billing-service");

    /** Settings passed by relaxed binding (no placeholder in a yml): environment variable -> property. */
    private static final Map<String, String> RELAXED = Map.of(
            "VEIL_SIMULATOR_ANSWERURL", "veil.simulator.answer-url",
            "VEIL_SIMULATOR_HANGUPURL", "veil.simulator.hangup-url");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void resolve() {
        Tool.Result config = Tool.run("docker-compose", "-f", "docker-compose.yml", "--profile", "simulator",
                "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        Map<String, Object> resolved = new Yaml().load(config.output());
        services = (Map<String, Map<String, Object>>) resolved.get("services");
    }

    @Test
    void composeFileIsValid() {
        Tool.Result check = Tool.run("docker-compose", "-f", "docker-compose.yml", "config", "-q");

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void theWholeStackIsThere() {
        assertThat(services).containsKeys("kafka", "postgres", "session-service", "allocation-service",
                "call-router", "recording-service", "billing-service", "carrier-simulator", "gateway",
                "prometheus", "grafana");
        assertThat(services.get("carrier-simulator").get("profiles")).isEqualTo(List.of("simulator"));
    }

    @Test
    void everyContainerHasAHealthCheck() {
        services.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesStartOnceKafkaAndPostgresAreHealthyAndTheGatewayOnceTheyAre() {
        for (String name : VEIL_SERVICES) {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(name)
                    .get("depends_on");
            assertThat(dependsOn).as(name).containsOnlyKeys("kafka", "postgres");
            dependsOn.values().forEach(d -> assertThat(d).containsEntry("condition", "service_healthy"));
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            assertThat(build.get("dockerfile")).isEqualTo("deploy/docker/service.Dockerfile");
            assertThat((Map<String, String>) build.get("args")).containsEntry("SERVICE", name);
        }
        Map<String, Map<String, String>> gateway = (Map<String, Map<String, String>>) services.get("gateway")
                .get("depends_on");
        assertThat(gateway).containsOnlyKeys(VEIL_SERVICES);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVeilSettingPassedIsOneAServiceReads() throws IOException {
        Set<String> placeholders = placeholdersInServiceConfiguration();
        Set<String> unknown = new TreeSet<>();
        services.forEach((name, service) -> {
            Object environment = service.get("environment");
            if (environment instanceof Map<?, ?> env) {
                ((Map<String, Object>) env).keySet().stream()
                        .filter(v -> v.startsWith("VEIL_"))
                        .filter(v -> !placeholders.contains(v) && !RELAXED.containsKey(v))
                        .forEach(v -> unknown.add(name + ": " + v));
            }
        });

        assertThat(placeholders).contains("VEIL_KAFKA_BOOTSTRAP_SERVERS", "VEIL_DB_URL");
        assertThat(unknown).as("environment variables no service configuration reads").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaGetsTheDashboardsAndPrometheusTheAlertRules() {
        assertThat((List<String>) services.get("grafana").get("volumes"))
                .anyMatch(v -> v.contains("deploy/grafana/dashboards:/var/lib/grafana/dashboards/veil"))
                .anyMatch(v -> v.contains("deploy/grafana/provisioning/dashboards:/etc/grafana/provisioning/"));
        assertThat((List<String>) services.get("prometheus").get("volumes"))
                .anyMatch(v -> v.contains("deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml"));
    }

    /** Every {@code ${VEIL_...}} placeholder of the services' and the platform's configuration files. */
    private static Set<String> placeholdersInServiceConfiguration() throws IOException {
        Pattern placeholder = Pattern.compile("\\$\\{(VEIL_[A-Z0-9_]+)");
        Set<String> names = new TreeSet<>();
        List<Path> roots = Stream.concat(VEIL_SERVICES.stream(), Stream.of("carrier-simulator", "platform"))
                .map(m -> Tool.REPOSITORY.resolve(m).resolve("src/main/resources")).toList();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path yml : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                    Matcher m = placeholder.matcher(Files.readString(yml));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }
}
