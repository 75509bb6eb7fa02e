package dev.veil.standalone;

import dev.veil.allocation.AllocationServiceApplication;
import dev.veil.billing.BillingServiceApplication;
import dev.veil.carrier.CarrierSimulatorApplication;
import dev.veil.recording.RecordingServiceApplication;
import dev.veil.router.CallRouterApplication;
import dev.veil.session.SessionServiceApplication;
import dev.veil.standalone.gateway.GatewayApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts the five services, the carrier simulator and the gateway, each as its own Spring application (its own
 * context, configuration file, port and database schema) inside this JVM, wired to one Kafka and one Postgres.
 * Used by {@code ./veil up} and by the end-to-end tests, so both run the same wiring.
 */
public final class VeilPlatform implements AutoCloseable {

    /**
     * Where the platform's infrastructure is and how it is reached.
     *
     * @param kafkaBootstrapServers Kafka bootstrap servers
     * @param dbUrl                 Postgres as {@code postgresql://host:port/database}
     * @param dbUser                Postgres user
     * @param dbPassword            Postgres password
     * @param ports                 HTTP port of each process
     * @param dataDir               where services keep files (recording-service's media store under
     *                              {@code recordings/})
     */
    public record Settings(String kafkaBootstrapServers, String dbUrl, String dbUser, String dbPassword,
            Ports ports, Path dataDir) {

        /** The public base URL, as the gateway presents it. */
        public String publicUrl() {
            return "http://127.0.0.1:" + ports.gateway();
        }

        String url(int port) {
            return "http://127.0.0.1:" + port;
        }
    }

    /** One process of the platform: its name, application class and the arguments that wire it. */
    private record Service(String name, Class<?> application, List<String> args) {
    }

    private final List<ConfigurableApplicationContext> contexts;

    private VeilPlatform(List<ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    /** Starts every process, in parallel; returns when all are up or fails when any fails to start. */
    public static VeilPlatform start(Settings settings) {
        return start(settings, Set.of());
    }

    /**
     * Starts every process but those named in {@code without} (e.g. {@code billing-service}, which a fault test
     * runs in a JVM of its own, see {@link #mainClassAndArguments}), in parallel; returns when all are up or fails
     * when any fails to start.
     *
     * @throws IllegalArgumentException when {@code without} names no process of the platform
     */
    public static VeilPlatform start(Settings settings, Set<String> without) {
        return start(settings, without, Map.of());
    }

    /**
     * Starts every process but those named in {@code without}, each named in {@code extraArguments} with those
     * arguments after its own (a later {@code --name=value} wins), in parallel; returns when all are up or fails
     * when any fails to start.
     *
     * @throws IllegalArgumentException when {@code without} or {@code extraArguments} names no process of the
     *                                  platform
     */
    public static VeilPlatform start(Settings settings, Set<String> without,
            Map<String, List<String>> extraArguments) {
        List<Service> all = services(settings);
        Set<String> unknown = new HashSet<>(without);
        unknown.addAll(extraArguments.keySet());
        all.forEach(s -> unknown.remove(s.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not a process of the platform: " + unknown);
        }
        // One logging configuration (logback.xml) for the whole JVM: applications starting in parallel must not
        // each re-initialise it.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        List<Service> services = all.stream().filter(s -> !without.contains(s.name()))
                .map(s -> new Service(s.name(), s.application(),
                        with(s.args(), extraArguments.getOrDefault(s.name(), List.of()).toArray(String[]::new))))
                .toList();
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        // Threads that inherit this thread's context class loader: in the packaged jar only it sees the services.
        ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("veil-start-", 0)
                .factory());
        List<CompletableFuture<ConfigurableApplicationContext>> starting = services.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> run(s), starters)).toList();
        starters.shutdown();
        try {
            for (CompletableFuture<ConfigurableApplicationContext> context : starting) {
                started.add(context.join());
            }
        } catch (CompletionException e) {
            starting.forEach(f -> f.thenAccept(ConfigurableApplicationContext::close));
            throw new IllegalStateException("the platform did not start", e.getCause());
        }
        return new VeilPlatform(started);
    }

    private static ConfigurableApplicationContext run(Service service) {
        return new SpringApplicationBuilder(service.application()).run(arguments(service).toArray(String[]::new));
    }

    private static List<String> arguments(Service service) {
        List<String> args = new ArrayList<>(service.args());
        args.add("--spring.config.name=" + service.name());
        return args;
    }

    /**
     * The main class of the process named {@code name} followed by the arguments {@link #start} wires it with, to
     * run that process in a JVM of its own ({@code java -cp <classpath> <these>}) next to a platform started
     * without it.
     *
     * @throws IllegalArgumentException when {@code name} is no process of the platform
     */
    public static List<String> mainClassAndArguments(Settings settings, String name) {
        Service service = services(settings).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a process of the platform: " + name));
        List<String> command = new ArrayList<>();
        command.add(service.application().getName());
        command.addAll(arguments(service));
        return command;
    }

    private static List<Service> services(Settings s) {
        Ports p = s.ports();
        List<String> infra = List.of(
                "--veil.kafka.bootstrap-servers=" + s.kafkaBootstrapServers(),
                "--veil.db.url=" + s.dbUrl(),
                "--veil.db.username=" + s.dbUser(),
                "--veil.db.password=" + s.dbPassword());
        return List.of(
                new Service("session-service", SessionServiceApplication.class, with(infra,
                        "--server.port=" + p.session(),
                        "--veil.session.allocation-service-url=" + s.url(p.allocation()),
                        // The demo's customer backends run on this machine.
                        "--veil.session.callbacks.allow-private-targets=true")),
                new Service("allocation-service", AllocationServiceApplication.class, with(infra,
                        "--server.port=" + p.allocation(),
                        "--veil.accounts.session-service-url=" + s.url(p.session()))),
                new Service("call-router", CallRouterApplication.class, with(infra,
                        "--server.port=" + p.router(),
                        "--veil.router.webhook-base-url=" + s.publicUrl(),
                        "--veil.router.session-service-url=" + s.url(p.session()),
                        "--veil.router.carrier-api-url=" + s.url(p.simulator()))),
                new Service("recording-service", RecordingServiceApplication.class, with(infra,
                        "--server.port=" + p.recording(),
                        "--veil.recording.public-base-url=" + s.publicUrl(),
                        "--veil.recording.webhook-base-url=" + s.publicUrl(),
                        "--veil.accounts.session-service-url=" + s.url(p.session()),
                        "--veil.recording.store.directory=" + s.dataDir().resolve("recordings"))),
                new Service("billing-service", BillingServiceApplication.class, with(infra,
                        "--server.port=" + p.billing(),
                        "--veil.accounts.session-service-url=" + s.url(p.session()))),
                new Service("carrier-simulator", CarrierSimulatorApplication.class, List.of(
                        "--server.port=" + p.simulator(),
                        "--veil.simulator.public-url=" + s.url(p.simulator()),
                        "--veil.simulator.answer-url=" + s.publicUrl() + "/carrier/plivo/answer",
                        "--veil.simulator.hangup-url=" + s.publicUrl() + "/carrier/plivo/hangup")),
                new Service("gateway", GatewayApplication.class, List.of(
                        "--server.port=" + p.gateway(),
                        "--veil.gateway.session-service-url=" + s.url(p.session()),
                        "--veil.gateway.allocation-service-url=" + s.url(p.allocation()),
                        "--veil.gateway.billing-service-url=" + s.url(p.billing()),
                        "--veil.gateway.recording-service-url=" + s.url(p.recording()),
                        "--veil.gateway.call-router-url=" + s.url(p.router()))));
    }

    private static List<String> with(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }

    /** The running applications, in start order. */
    public List<ConfigurableApplicationContext> contexts() {
        return List.copyOf(contexts);
    }

    /** Stops every process, the gateway first so no new request arrives at a stopping service. */
    @Override
    public void close() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
    }
}
