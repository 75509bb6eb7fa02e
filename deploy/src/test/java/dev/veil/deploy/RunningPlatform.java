package dev.veil.deploy;

import dev.veil.allocation.AllocationServiceApplication;
import dev.veil.billing.BillingServiceApplication;
import dev.veil.carrier.CarrierSimulatorApplication;
import dev.veil.recording.RecordingServiceApplication;
import dev.veil.router.CallRouterApplication;
import dev.veil.session.SessionServiceApplication;
import dev.veil.testsupport.VeilInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The five services and the carrier simulator started in this JVM on free ports over the test JVM's real Kafka and
 * Postgres, wired as {@code standalone}'s VeilPlatform wires them except that the carrier posts its webhooks to
 * call-router directly (the gateway only forwards paths and exports no Veil metric).
 * <p>
 * Why not VeilPlatform itself: the {@code standalone} artifact is the repackaged executable jar (classes under
 * BOOT-INF/), which cannot be a dependency; see deploy/README.md.
 */
final class RunningPlatform implements AutoCloseable {

    private record Process(String name, Class<?> application, List<String> args) {
    }

    private final Map<String, Integer> ports;
    private final List<ConfigurableApplicationContext> contexts;

    private RunningPlatform(Map<String, Integer> ports, List<ConfigurableApplicationContext> contexts) {
        this.ports = ports;
        this.contexts = contexts;
    }

    static RunningPlatform start(Path recordings) {
        VeilInfrastructure infra = VeilInfrastructure.get();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : List.of("session-service", "allocation-service", "call-router", "recording-service",
                "billing-service", "carrier-simulator")) {
            ports.put(name, freePort());
        }
        List<String> common = List.of(
                "--veil.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--veil.db.url=" + infra.dbUrl(),
                "--veil.db.username=" + infra.user(),
                "--veil.db.password=" + infra.password());
        String session = url(ports, "session-service");
        String router = url(ports, "call-router");
        List<Process> processes = List.of(
                new Process("session-service", SessionServiceApplication.class, with(common, ports,
                        "session-service", "--veil.session.allocation-service-url=" + url(ports,
                                "allocation-service"),
                        // The test's callback receiver listens on loopback.
                        "--veil.session.callbacks.allow-private-targets=true")),
                new Process("allocation-service", AllocationServiceApplication.class, with(common, ports,
                        "allocation-service", "--veil.accounts.session-service-url=" + session)),
                new Process("call-router", CallRouterApplication.class, with(common, ports, "call-router",
                        // On a loaded build machine Postgres may miss the router's 300 ms deadlines, and a call
                        // answered degraded records nothing: these checks need recorded calls, not fast ones.
                        "--veil.router.db-timeout=10s",
                        "--veil.router.route-lookup-timeout=10s",
                        "--veil.router.webhook-base-url=" + router,
                        "--veil.router.session-service-url=" + session,
                        "--veil.router.carrier-api-url=" + url(ports, "carrier-simulator"))),
                new Process("recording-service", RecordingServiceApplication.class, with(common, ports,
                        "recording-service", "--veil.accounts.session-service-url=" + session,
                        "--veil.recording.store.directory=" + recordings)),
                new Process("billing-service", BillingServiceApplication.class, with(common, ports,
                        "billing-service", "--veil.accounts.session-service-url=" + session)),
                new Process("carrier-simulator", CarrierSimulatorApplication.class, with(List.of(), ports,
                        "carrier-simulator",
                        "--veil.simulator.public-url=" + url(ports, "carrier-simulator"),
                        "--veil.simulator.answer-url=" + router + "/carrier/plivo/answer",
                        "--veil.simulator.hangup-url=" + router + "/carrier/plivo/hangup")));
        // One logging configuration for the whole JVM: applications starting in parallel must not each
        // re-initialise it (as in standalone's VeilPlatform).
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        List<CompletableFuture<ConfigurableApplicationContext>> starting = processes.stream()
                .map(p -> CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(p.application())
                        .run(p.args().toArray(String[]::new))))
                .toList();
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        try {
            starting.forEach(f -> started.add(f.join()));
        } catch (CompletionException e) {
            starting.forEach(f -> f.thenAccept(ConfigurableApplicationContext::close));
            throw new IllegalStateException("the platform did not start", e.getCause());
        }
        return new RunningPlatform(ports, started);
    }

    private static List<String> with(List<String> common, Map<String, Integer> ports, String name,
            String... more) {
        List<String> args = new ArrayList<>(common);
        args.add("--server.port=" + ports.get(name));
        args.add("--spring.config.name=" + name);
        args.addAll(List.of(more));
        return args;
    }

    private static String url(Map<String, Integer> ports, String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    /** Base URL of each process, by name, in start order. */
    Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        ports.keySet().forEach(name -> urls.put(name, url(ports, name)));
        return urls;
    }

    String url(String name) {
        return url(ports, name);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
    }
}
