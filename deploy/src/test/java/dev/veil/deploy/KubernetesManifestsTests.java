package dev.veil.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s holds what a production cluster needs for each service (Deployment with probes and resources, Service,
 * PodDisruptionBudget, HorizontalPodAutoscaler), the configuration every reference points at, and the Kafka topics
 * with the partitions the consumers scale to.
 */
class KubernetesManifestsTests {

    private static final Path K8S = Tool.REPOSITORY.resolve("deploy/k8s");
    private static final Set<String> SERVICES = Set.of("session-service", "allocation-service", "call-router",
            "recording-service", "billing-service");
    private static final int PARTITIONS = 12;

    private static final List<Map<String, Object>> resources = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml")));
        for (Object file : (List<?>) kustomization.get("resources")) {
            for (Object doc : new Yaml().loadAll(Files.readString(K8S.resolve((String) file)))) {
                if (doc != null) {
                    resources.add((Map<String, Object>) doc);
                }
            }
        }
    }

    @Test
    void everyServiceHasADeploymentAServiceADisruptionBudgetAndAnAutoscaler() {
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")) {
            assertThat(of(kind).stream().map(r -> (String) get(r, "metadata", "name")).collect(Collectors.toSet()))
                    .as(kind).isEqualTo(SERVICES);
        }
    }

    @Test
    void everyContainerIsProbedOnActuatorHealthAndHasResourceRequestsAndLimits() {
        for (Map<String, Object> deployment : of("Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                assertThat(get(container, "readinessProbe", "httpGet", "path"))
                        .isEqualTo("/actuator/health/readiness");
                assertThat(get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat(keys(get(container, "resources", "requests"))).isEqualTo(Set.of("cpu", "memory"));
                assertThat(keys(get(container, "resources", "limits"))).isEqualTo(Set.of("cpu", "memory"));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfigurationReferenceExists() {
        Set<String> configKeys = ((Map<String, Object>) get(named("ConfigMap", "veil-config"), "data")).keySet();
        Set<String> secretKeys = ((Map<String, Object>) get(named("Secret", "veil-secrets"), "stringData")).keySet();
        for (Map<String, Object> deployment : of("Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                for (Object e : (List<?>) container.get("env")) {
                    Map<String, Object> env = (Map<String, Object>) e;
                    if (env.get("valueFrom") instanceof Map<?, ?> from) {
                        if (from.get("configMapKeyRef") instanceof Map<?, ?> ref) {
                            assertThat(configKeys).as(env.get("name").toString()).contains((String) ref.get("key"));
                        } else {
                            Map<?, ?> ref = (Map<?, ?>) from.get("secretKeyRef");
                            assertThat(secretKeys).as(env.get("name").toString()).contains((String) ref.get("key"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void consumersScaleNoFurtherThanThePartitionsAndTheSessionTopicIsCompacted() {
        of("HorizontalPodAutoscaler").forEach(hpa ->
                assertThat((Integer) get(hpa, "spec", "maxReplicas")).isLessThanOrEqualTo(PARTITIONS));
        assertThat(of("KafkaTopic")).hasSize(5).allSatisfy(topic ->
                assertThat((Integer) get(topic, "spec", "partitions")).isEqualTo(PARTITIONS));
        Map<String, Object> session = of("KafkaTopic").stream()
                .filter(t -> "veil.session.v2".equals(get(t, "spec", "topicName"))).findFirst().orElseThrow();
        assertThat(get(session, "spec", "config", "cleanup.policy")).isEqualTo("compact");
    }

    private static List<Map<String, Object>> of(String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    private static Map<String, Object> named(String kind, String name) {
        return of(kind).stream().filter(r -> name.equals(get(r, "metadata", "name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return (List<Map<String, Object>>) get(deployment, "spec", "template", "spec", "containers");
    }

    private static Set<Object> keys(Object map) {
        assertThat(map).isInstanceOf(Map.class);
        return Set.copyOf(((Map<?, ?>) map).keySet());
    }

    private static Object get(Map<String, Object> node, String... path) {
        Object value = node;
        for (String key : path) {
            assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }
}
