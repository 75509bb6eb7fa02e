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

import java.util.ArrayList;
import java.util.List;
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
     */
    public record Settings(String kafkaBootstrapServers, String dbUrl, String dbUser, String dbPassword,
            Ports ports) {

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
        // One logging configuration (logback.xml) for the whole JVM: applications starting in parallel must not
        // each re-initialise it.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        List<Service> services = services(settings);
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
        List<String> args = new ArrayList<>(service.args());
        args.add("--spring.config.name=" + service.name());
        return new SpringApplicationBuilder(service.application()).run(args.toArray(String[]::new));
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
                        "--veil.session.allocation-service-url=" + s.url(p.allocation()))),
                new Service("allocation-service", AllocationServiceApplication.class, with(infra,
                        "--server.port=" + p.allocation(),
                        "--veil.accounts.session-service-url=" + s.url(p.session()))),
                new Service("call-router", CallRouterApplication.class, with(infra,
                        "--server.port=" + p.router(),
                        "--veil.router.webhook-base-url=" + s.publicUrl(),
                        "--veil.router.session-service-url=" + s.url(p.session()),
                        "--veil.router.carrier-api-url=" + s.url(p.simulator()))),
                new Service("recording-service", RecordingServiceApplication.class, with(infra,
                        "--server.port=" + p.recording())),
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
