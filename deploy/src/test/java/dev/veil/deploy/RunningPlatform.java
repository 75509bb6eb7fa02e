package dev.veil.deploy;

import dev.veil.standalone.Ports;
import dev.veil.standalone.VeilPlatform;
import dev.veil.testsupport.VeilInfrastructure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform as {@code ./veil up} runs it ({@link VeilPlatform}), on free ports over the test JVM's real Kafka and
 * Postgres, with the base URL of each process that exports Veil's metrics (the gateway only forwards).
 */
final class RunningPlatform implements AutoCloseable {

    private final VeilPlatform platform;
    private final Map<String, String> urls;

    private RunningPlatform(VeilPlatform platform, Map<String, String> urls) {
        this.platform = platform;
        this.urls = urls;
    }

    static RunningPlatform start(Path dataDir) {
        VeilInfrastructure infra = VeilInfrastructure.get();
        Ports ports = Ports.free();
        VeilPlatform platform = VeilPlatform.start(new VeilPlatform.Settings(infra.kafkaBootstrapServers(),
                infra.dbUrl(), infra.user(), infra.password(), ports, dataDir), Set.of(), Map.of("call-router",
                // On a loaded build machine Postgres may miss the router's 300 ms deadlines, and a call answered
                // degraded is not billed: these checks need billed calls, not fast ones.
                List.of("--veil.router.db-timeout=10s", "--veil.router.route-lookup-timeout=10s")));
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("session-service", url(ports.session()));
        urls.put("allocation-service", url(ports.allocation()));
        urls.put("call-router", url(ports.router()));
        urls.put("recording-service", url(ports.recording()));
        urls.put("billing-service", url(ports.billing()));
        urls.put("carrier-simulator", url(ports.simulator()));
        return new RunningPlatform(platform, urls);
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Base URL of each process that exports metrics, by name. */
    Map<String, String> urls() {
        return urls;
    }

    String url(String name) {
        return urls.get(name);
    }

    @Override
    public void close() {
        platform.close();
    }
}
