package dev.veil.bench.platform;

import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.platform.privacy.PrivacyProperties;
import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The platform under test: Kafka and Postgres (one {@link Infrastructure} process) and the five services plus the
 * carrier simulator, each its own JVM started from its executable jar, on free ports (never the 8080-8090, 15432,
 * 19092 of {@code ./veil up}), wired as standalone's {@code VeilPlatform} wires them except that the carrier talks to
 * call-router directly (the gateway is a development convenience, not part of the measured path). Or, with
 * {@code --use-running}, the platform {@code ./veil up} runs, reached on its documented ports and not measured per
 * process.
 */
public final class Platform implements AutoCloseable {

    /** The services, in the order their readiness is awaited. */
    public static final List<String> SERVICES = List.of("session-service", "allocation-service", "call-router",
            "recording-service", "billing-service", "carrier-simulator");

    /** How the harness reaches the platform: where to send API calls, webhooks and simulated calls. */
    public record Endpoints(String sessionApi, String poolApi, String webhookBase, String simulator) {
    }

    /** The Postgres every service keeps its schema in. */
    public record Database(String host, int port, String name, String username, String password) {
    }

    /**
     * What {@link BulkSeeder} needs of a platform this run started: its Postgres, its Kafka broker's bootstrap
     * servers, and session-service's keys (its data key ring, the event key ring and the blind-index key).
     */
    public record Internals(Database database, String kafka, PrivacyKeys sessionServiceKeys) {
    }

    /** A process whose CPU and memory are reported. */
    public record Measured(String name, long pid, boolean tree) {
    }

    /** Where the executable jars are, how each JVM is started, and where the run keeps its data and logs. */
    public record Settings(Map<String, Path> jars, Path work, String javaHome, List<String> serviceJvmOptions) {
    }

    private final Endpoints endpoints;
    private final Map<String, String> serviceUrls;
    private final Process infrastructure;
    private final Map<String, Process> services;
    private final List<Measured> measured;
    private final Map<String, Double> startSeconds;
    private final double infrastructureSeconds;
    private final @Nullable Internals internals;

    private Platform(Endpoints endpoints, Map<String, String> serviceUrls, Process infrastructure,
            Map<String, Process> services, List<Measured> measured, Map<String, Double> startSeconds,
            double infrastructureSeconds, @Nullable Internals internals) {
        this.endpoints = endpoints;
        this.serviceUrls = serviceUrls;
        this.infrastructure = infrastructure;
        this.services = services;
        this.measured = measured;
        this.startSeconds = startSeconds;
        this.infrastructureSeconds = infrastructureSeconds;
        this.internals = internals;
    }

    /** The platform of {@code ./veil up} on its documented ports (webhooks through the gateway). */
    public static Platform running() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            // ./veil up's documented ports: 8081-8085 in SERVICES order, the simulator on 8090.
            urls.put(SERVICES.get(i), "http://127.0.0.1:" + (i < 5 ? 8081 + i : 8090));
        }
        Platform platform = new Platform(new Endpoints(urls.get("session-service"), urls.get("allocation-service"),
                "http://127.0.0.1:8080", urls.get("carrier-simulator")), urls, null, Map.of(), List.of(), Map.of(),
                0, null);
        urls.forEach((s, url) -> platform.awaitHealthy(s, URI.create(url + "/actuator/health"),
                Duration.ofSeconds(5)));
        return platform;
    }

    /** Starts Kafka and Postgres, then every service in parallel; returns once each reports itself healthy. */
    public static Platform start(Settings settings) throws IOException, InterruptedException {
        Files.createDirectories(settings.work().resolve("logs"));
        // A fresh broker and database each run: a previous run's sessions would be counted as this run's, and its
        // data is sealed with that run's keys.
        deleteTree(settings.work().resolve("data"));
        int kafkaPort = freePort();
        int postgresPort = freePort();
        long infraStarted = System.nanoTime();
        Process infra = new ProcessBuilder(java(settings), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                Infrastructure.class.getName(), settings.work().resolve("data").toString(),
                Integer.toString(kafkaPort), Integer.toString(freePort()), Integer.toString(postgresPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        awaitReady(infra, settings.work().resolve("logs/infrastructure.log"));
        double infraSeconds = (System.nanoTime() - infraStarted) / 1e9;

        Map<String, Integer> ports = new LinkedHashMap<>();
        SERVICES.forEach(s -> ports.put(s, freePort()));
        String router = "http://127.0.0.1:" + ports.get("call-router");
        String session = "http://127.0.0.1:" + ports.get("session-service");
        String simulator = "http://127.0.0.1:" + ports.get("carrier-simulator");
        List<String> infraArgs = List.of("--veil.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
                "--veil.db.url=postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "--veil.db.username=postgres", "--veil.db.password=postgres");
        Map<String, List<String>> args = new LinkedHashMap<>();
        // The bench measures capacity, so the accounts' rate limits (0: unlimited) must not be what it measures,
        // neither session-service's nor call-router's own default for when session-service is slow to say.
        args.put("session-service", with(infraArgs,
                "--veil.session.allocation-service-url=http://127.0.0.1:" + ports.get("allocation-service"),
                "--veil.session.limits.sessions-per-second=0", "--veil.session.limits.calls-per-second=0"));
        args.put("allocation-service", with(infraArgs, "--veil.accounts.session-service-url=" + session));
        args.put("call-router", with(infraArgs, "--veil.router.call-limit.calls-per-second=0",
                "--veil.router.webhook-base-url=" + router,
                "--veil.router.session-service-url=" + session, "--veil.router.carrier-api-url=" + simulator));
        args.put("recording-service", with(infraArgs, "--veil.recording.public-base-url=" + router));
        args.put("billing-service", with(infraArgs, "--veil.accounts.session-service-url=" + session));
        args.put("carrier-simulator", List.of("--veil.simulator.public-url=" + simulator,
                "--veil.simulator.answer-url=" + router + "/carrier/plivo/answer",
                "--veil.simulator.hangup-url=" + router + "/carrier/plivo/hangup"));

        // Keys of this run, not the public development defaults, given as a deployment gives them: the event and
        // blind-index keys shared, a data key of its own for each service (the configuration files name each ring's
        // one key "dev"; only the key itself comes from the environment).
        Map<String, String> shared = Map.of("VEIL_EVENT_KEY", randomKey(), "VEIL_BLIND_INDEX_KEY", randomKey());
        Map<String, String> dataKeys = new LinkedHashMap<>();
        SERVICES.forEach(s -> dataKeys.put(s, randomKey()));
        PrivacyKeys sessionServiceKeys = PrivacyKeys.of(new PrivacyProperties(
                new PrivacyProperties.KeyRing("dev", Map.of("dev", dataKeys.get("session-service"))),
                new PrivacyProperties.KeyRing("dev", Map.of("dev", shared.get("VEIL_EVENT_KEY"))),
                shared.get("VEIL_BLIND_INDEX_KEY")));

        long started = System.nanoTime();
        Map<String, Process> processes = new LinkedHashMap<>();
        for (String service : SERVICES) {
            List<String> command = new ArrayList<>();
            command.add(java(settings));
            command.addAll(settings.serviceJvmOptions());
            command.add("-jar");
            command.add(settings.jars().get(service).toString());
            command.add("--server.port=" + ports.get(service));
            command.add("--spring.config.name=" + service);
            command.addAll(args.get(service));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(shared);
            builder.environment().put("VEIL_DATA_KEY", dataKeys.get(service));
            processes.put(service, builder
                    .redirectErrorStream(true)
                    .redirectOutput(settings.work().resolve("logs/" + service + ".log").toFile())
                    .start());
        }
        Map<String, String> urls = new LinkedHashMap<>();
        ports.forEach((service, port) -> urls.put(service, "http://127.0.0.1:" + port));
        Platform platform = new Platform(new Endpoints(session, urls.get("allocation-service"), router, simulator),
                urls, infra, processes, measured(infra, processes, settings.work()), new LinkedHashMap<>(),
                infraSeconds, new Internals(new Database("127.0.0.1", postgresPort, "postgres", "postgres",
                "postgres"), "127.0.0.1:" + kafkaPort, sessionServiceKeys));
        try {
            for (String service : SERVICES) {
                platform.awaitHealthy(service, URI.create(urls.get(service) + "/actuator/health"),
                        Duration.ofMinutes(10));
                platform.startSeconds.put(service, (System.nanoTime() - started) / 1e9);
            }
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private static List<Measured> measured(Process infra, Map<String, Process> services, Path work)
            throws IOException {
        List<Measured> all = new ArrayList<>();
        services.forEach((name, p) -> all.add(new Measured(name, p.pid(), false)));
        all.add(new Measured("kafka", infra.pid(), false));
        long postmaster = Long.parseLong(Files.readAllLines(work.resolve("data/postgres/postmaster.pid")).getFirst()
                .trim());
        all.add(new Measured("postgres", postmaster, true));
        return all;
    }

    private static void awaitReady(Process infra, Path log) throws IOException {
        // The infrastructure's output goes to its log; READY on a line of its own says both servers are up.
        BufferedReader out = new BufferedReader(new InputStreamReader(infra.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.equals("READY")) {
                Files.write(log, lines);
                Thread.ofVirtual().start(() -> drain(out, log));
                return;
            }
        }
        Files.write(log, lines);
        throw new IllegalStateException("Kafka/Postgres did not start; see " + log);
    }

    private static void drain(BufferedReader out, Path log) {
        try (var writer = Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.APPEND)) {
            out.transferTo(writer);
        } catch (IOException e) {
            // The process is gone; its log ends here.
        }
    }

    private void awaitHealthy(String service, URI health, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = services.get(service);
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + " while starting");
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
            sleep(100);
        }
        throw new IllegalStateException(service + " was not healthy within " + timeout + " at " + health);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Base URL of each service, by name. */
    public Map<String, String> serviceUrls() {
        return Map.copyOf(serviceUrls);
    }

    /** The processes whose CPU and memory are reported (empty for a running platform). */
    public List<Measured> measured() {
        return measured;
    }

    /** Seconds from launching the services until each was healthy (all launched at once). */
    public Map<String, Double> startSeconds() {
        return Map.copyOf(startSeconds);
    }

    /** Postgres, Kafka and keys of the platform this run started; empty for a running platform (not ours). */
    public Optional<Internals> internals() {
        return Optional.ofNullable(internals);
    }

    /** Seconds until Kafka and Postgres accepted connections. */
    public double infrastructureSeconds() {
        return infrastructureSeconds;
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then Kafka and Postgres. */
    @Override
    public void close() {
        services.values().forEach(Process::destroy);
        services.values().forEach(p -> stop(p, 20));
        if (infrastructure != null) {
            try {
                infrastructure.getOutputStream().close();
            } catch (IOException e) {
                infrastructure.destroy();
            }
            stop(infrastructure, 60);
        }
    }

    private static void stop(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String java(Settings settings) {
        return Path.of(settings.javaHome(), "bin", "java").toString();
    }

    private static List<String> with(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
