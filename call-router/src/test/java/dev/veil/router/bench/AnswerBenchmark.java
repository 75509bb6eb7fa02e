package dev.veil.router.bench;

import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.router.CallRouterApplication;
import dev.veil.router.TestKeys;
import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallReport;
import dev.veil.router.carrier.CarrierAdapter;
import dev.veil.router.index.RoutingIndex;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The answer webhook of one call-router alone with 1M live sessions in its routing index: index memory per session,
 * then answer latency under an open-loop driver at a fixed rate, two ways. {@code memory}: the answer as routed from
 * memory (signature check, parameters, index lookup, XML), on a worker pool in the router's JVM, at {@code rate}.
 * {@code http}: the real webhook over HTTP at {@code httpRate}, every call from a different session so every answer
 * is a full bridge (index lookup, live-call claim, XML; the webhook log row, the claim and three events written
 * behind to Postgres in batches while the driver runs). Each request's latency runs from the moment it was due, so a
 * stalled server is charged for the requests queued behind it (no coordinated omission).
 *
 * <p>As in production, the router's JVM holds only the router: Kafka and Postgres run in a JVM of their own
 * ({@code infrastructure=process}; {@code jvm} puts them in the router's), at a lower CPU priority
 * ({@code infrastructureNice=10}; {@code 0}: the router's), and so does the HTTP driver, at the router's priority, as
 * the carrier is remote ({@code driver=process}; {@code jvm}: in the router's). The driver is this class run with
 * {@code port=}. After the runs the write-behind backlog is printed: the router's writes kept up when it is 0.
 *
 * <p>Not a test: run by hand (see the module README), never in {@code verify}. Arguments (all optional):
 * {@code sessions=1000000 rate=2000 httpRate=2000 warmup=10 seconds=30 runs=3 modes=memory,http
 * infrastructure=process infrastructureNice=10 driver=process report=../bench/reports/router-answer-<time>.txt}.
 */
public final class AnswerBenchmark {

    private static final String BASE = "https://bench.veil.test";
    private static final String TOKEN = "veil-carrier-token";
    /** How the driver process marks the result lines it prints among its logs. */
    private static final String RESULT = "RESULT ";

    private AnswerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("sessions", "1000000", "rate", "2000", "warmup", "10",
                "seconds", "30", "runs", "3", "httpRate", "2000", "modes", "memory,http",
                "infrastructure", "process", "driver", "process", "infrastructureNice", "10"));
        options.putAll(options(List.of(args)));
        if (options.containsKey("port")) {
            driveOverHttp(options, line -> System.out.println(RESULT + line));
            System.exit(0);
        }
        Consumer<String> report = report(options);
        int sessions = Integer.parseInt(options.get("sessions"));
        int rate = Integer.parseInt(options.get("rate"));

        Map<String, Object> properties = new HashMap<>();
        infrastructure(options.get("infrastructure"), Integer.parseInt(options.get("infrastructureNice"))).register((name, value) -> properties.put(name, value.get()), "router_bench");
        properties.put("spring.config.name", CallRouterApplication.CONFIG_NAME);
        properties.put("server.port", "0");
        properties.put("veil.router.webhook-base-url", BASE);
        properties.put("logging.level.root", "WARN");
        // Every benchmark call is the demo account's: measured unlimited (no session-service answers its limit).
        properties.put("veil.router.call-limit.calls-per-second", "0");
        // System properties, so they win over the service's own configuration files, as in a test context.
        properties.forEach((name, value) -> System.setProperty(name, String.valueOf(value)));
        ConfigurableApplicationContext context = new SpringApplication(CallRouterApplication.class).run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        RoutingIndex index = context.getBean(RoutingIndex.class);

        long before = usedHeapAfterGc();
        Instant now = Instant.now();
        // Session events as session-service seals them, made in chunks outside the timing: indexing opens them.
        long indexingNanos = 0;
        for (int from = 0; from < sessions; from += 10_000) {
            List<SessionState> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(sessions, from + 10_000); i++) {
                chunk.add(state(i, now));
            }
            long started = System.nanoTime();
            for (int i = 0; i < chunk.size(); i++) {
                index.apply(sessionUuid(from + i), chunk.get(i));
            }
            indexingNanos += System.nanoTime() - started;
        }
        long after = usedHeapAfterGc();
        report.accept(String.format("index: %d sessions, %d routes, %.1f bytes per session (heap %d MB -> %d MB), "
                        + "indexing %.1f µs per session (parties opened)",
                index.sessionCount(), index.routeCount(), (after - before) / (double) sessions, before >> 20,
                after >> 20, indexingNanos / 1000.0 / sessions));

        AtomicLong nextSession = new AtomicLong();
        int warmup = Integer.parseInt(options.get("warmup"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int runs = Integer.parseInt(options.get("runs"));
        CarrierAdapter plivo = context.getBean(CarrierAdapter.class);
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        Answer fromMemory = (request, done) -> workers.execute(() -> {
            HttpHeaders headers = new HttpHeaders();
            headers.set(PlivoSignatureV3.SIGNATURE_HEADER, request.signature());
            headers.set(PlivoSignatureV3.NONCE_HEADER, request.nonce());
            String xml;
            if (plivo.authenticNonce(BASE + "/carrier/plivo/answer", request.form(), headers).isEmpty()) {
                xml = "forbidden";
            } else {
                CallReport.IncomingCall call = (CallReport.IncomingCall) plivo.read("answer", request.form())
                        .orElseThrow();
                xml = index.find(call.called(), call.caller())
                        .map(r -> plivo.render(new CallInstruction.Connect(r.virtualNumber(), r.otherParty(),
                                r.callTimeLimit(), r.ringTimeout())))
                        .orElse("rejected");
            }
            done.accept(xml, null);
        });
        List<String> modes = List.of(options.get("modes").split(","));
        if (modes.contains("memory")) {
            report.accept(drive(fromMemory, rate, warmup, true, sessions, nextSession, "memory warm-up"));
            for (int run = 1; run <= runs; run++) {
                report.accept(drive(fromMemory, rate, seconds, false, sessions, nextSession, "memory run " + run));
            }
        }
        if (modes.contains("http")) {
            List<String> driver = new ArrayList<>(List.of("port=" + port, "first=" + nextSession.get()));
            for (String option : List.of("sessions", "httpRate", "warmup", "seconds", "runs")) {
                driver.add(option + "=" + options.get(option));
            }
            if (options.get("driver").equals("jvm")) {
                driveOverHttp(options(driver), report);
            } else {
                // The carrier is remote in production: the driver's garbage, threads and pauses are not the router's.
                // Its own pauses would count as the router's latency (each request is timed from when it was due), so
                // it promotes its prepared requests at once and keeps its pauses short.
                List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xms512m", "-Xmx512m",
                        "-XX:MaxTenuringThreshold=0", "-XX:MaxGCPauseMillis=5", "-cp",
                        System.getProperty("java.class.path"), AnswerBenchmark.class.getName()));
                command.addAll(driver);
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                    out.lines().forEach(line -> {
                        if (line.startsWith(RESULT)) {
                            report.accept(line.substring(RESULT.length()));
                        } else {
                            System.out.println(line);
                        }
                    });
                }
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("the driver failed (exit " + process.exitValue() + ")");
                }
            }
            report.accept(backlog(context));
        }
        workers.shutdownNow();
        context.close();
        System.exit(0);
    }

    /**
     * Kafka and Postgres: in a JVM of their own ({@code process}), as beside a router in production, so the broker
     * neither allocates in the router's heap nor stops with its collections; or in this one ({@code jvm}). In their
     * own JVM they run at the CPU priority {@code nice} below the router's (Postgres, started by that JVM, too): in
     * production they are on other machines, and here they would take the router's cores whenever they are busy.
     * They still take every write and event of the run; {@code 0} runs them at the router's priority.
     */
    private static VeilInfrastructure infrastructure(String where, int nice) throws IOException {
        if (where.equals("jvm")) {
            return VeilInfrastructure.get();
        }
        List<String> command = new ArrayList<>();
        if (nice > 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        command.addAll(List.of(javaCommand(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), VeilInfrastructure.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
        Map<String, String> settings = new HashMap<>();
        String line;
        while (settings.size() < 2 && (line = out.readLine()) != null) {
            for (String key : List.of("KAFKA", "POSTGRES")) {
                if (line.startsWith(key + "=")) {
                    settings.put(key, line.substring(key.length() + 1));
                }
            }
        }
        if (settings.size() < 2) {
            throw new IllegalStateException("the infrastructure process ended before it was ready");
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException ignored) {
                // The process ended: nothing more to read.
            }
        });
        return VeilInfrastructure.of(settings.get("KAFKA"), settings.get("POSTGRES"));
    }

    /**
     * Posts signed answer webhooks to the router on {@code port} (options {@code port first sessions httpRate warmup
     * seconds runs}): a warm-up, then the measured runs, each printed. Reactor Netty's client without WebClient (no
     * codecs, no observation) on an event loop of its own.
     */
    private static void driveOverHttp(Map<String, String> options, Consumer<String> report)
            throws InterruptedException {
        LoopResources driverLoop = LoopResources.create("bench-driver", 1, true);
        HttpClient client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(512)
                        .pendingAcquireMaxCount(-1).build())
                .runOn(driverLoop)
                .baseUrl("http://127.0.0.1:" + options.get("port"));
        Answer overHttp = (request, done) -> client
                .headers(h -> h.set(PlivoSignatureV3.SIGNATURE_HEADER, request.signature())
                        .set(PlivoSignatureV3.NONCE_HEADER, request.nonce())
                        .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE))
                .post().uri("/carrier/plivo/answer")
                .send(ByteBufFlux.fromString(Mono.just(request.body())))
                .responseSingle((response, body) -> response.status().code() == 200 ? body.asString()
                        : Mono.error(new IllegalStateException("HTTP " + response.status().code())))
                .subscribe(xml -> done.accept(xml, null), e -> done.accept(null, e));
        int sessions = Integer.parseInt(options.get("sessions"));
        int rate = Integer.parseInt(options.get("httpRate"));
        AtomicLong nextSession = new AtomicLong(Long.parseLong(options.get("first")));
        report.accept(drive(overHttp, rate, Integer.parseInt(options.get("warmup")), true, sessions, nextSession,
                "http warm-up"));
        for (int run = 1; run <= Integer.parseInt(options.get("runs")); run++) {
            report.accept(drive(overHttp, rate, Integer.parseInt(options.get("seconds")), false, sessions,
                    nextSession, "http run " + run));
        }
        driverLoop.dispose();
    }

    private static Map<String, String> options(List<String> arguments) {
        Map<String, String> options = new HashMap<>();
        for (String argument : arguments) {
            String[] kv = argument.split("=", 2);
            options.put(kv[0], kv[1]);
        }
        return options;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** How many answers given over HTTP still wait to be written behind. */
    private static String backlog(ConfigurableApplicationContext context) {
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        Gauge backlog = meters.find("veil.router.answer.journal.backlog").gauge();
        return String.format("answers not yet written behind after the runs: %.0f",
                backlog == null ? -1 : backlog.value());
    }

    /**
     * Prints each result line and appends it to the report ({@code report=}, by default
     * {@code ../bench/reports/router-answer-<time>.txt}), which starts with the machine, the JVM and the options.
     */
    private static Consumer<String> report(Map<String, String> options) throws IOException {
        Path file = Path.of(options.getOrDefault("report", "../bench/reports/router-answer-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + ".txt"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, String.format("AnswerBenchmark %s%nmachine: %d cores, Java %s%nJVM options: %s%n"
                        + "options: %s%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), ManagementFactory.getRuntimeMXBean().getInputArguments(), new TreeMap<>(options)));
        System.out.println("report: " + file.toAbsolutePath().normalize());
        return line -> {
            System.out.println(line);
            try {
                Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** One way of answering: computes the answer to a signed request and calls {@code done} with it or a failure. */
    private interface Answer {
        void send(SignedAnswer request, BiConsumer<String, Throwable> done);
    }

    /** An answer webhook as the carrier posts it: its form (and that form encoded as the body), nonce, signature. */
    private record SignedAnswer(MultiValueMap<String, String> form, String body, String nonce, String signature) {

        static SignedAnswer of(int session) {
            MultiValueMap<String, String> form = answer(session);
            String nonce = UUID.randomUUID().toString();
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + '=' + URLEncoder.encode(e.getValue().getFirst(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return new SignedAnswer(form, body, nonce,
                    PlivoSignatureV3.sign("POST", BASE + "/carrier/plivo/answer", form, nonce, TOKEN));
        }
    }

    /**
     * Sends {@code rate} answers a second for {@code seconds}, each at its due time, and prints the latencies. The
     * requests are made and signed beforehand, as the carrier does on its side, so the driver spends no CPU on them
     * while it drives. A warm-up ramps its rate from a tenth of {@code rate} up to {@code rate}, so the code is
     * compiled without a backlog of requests queued behind the interpreter (which would take the first measured runs
     * to drain).
     */
    private static String drive(Answer answer, int rate, int seconds, boolean rampUp, int sessions,
            AtomicLong nextSession, String label) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long[] dueNanos = schedule(rate, seconds, rampUp);
        int total = dueNanos.length;
        SignedAnswer[] requests = new SignedAnswer[total];
        for (int i = 0; i < total; i++) {
            requests[i] = SignedAnswer.of((int) (nextSession.getAndIncrement() % sessions));
        }
        // The prepared requests are moved out of the young generation now, not by the run's first collections: the
        // driving JVM's pauses count as latency.
        System.gc();
        long[] gcBefore = gcCountAndMillis();
        long start = System.nanoTime() + 50_000_000L;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            // Sends every request due by now, each measured from its own due time.
            int next;
            while ((next = sent.get()) < total && start + dueNanos[next] <= System.nanoTime()) {
                sent.incrementAndGet();
                long intended = start + dueNanos[next];
                SignedAnswer request = requests[next];
                requests[next] = null;
                answer.send(request, (xml, failure) -> {
                    if (failure != null || xml == null || !xml.contains("<Dial")) {
                        errors.incrementAndGet();
                    }
                    recorder.recordValue(Math.max(0, System.nanoTime() - intended) / 1000);
                    done.incrementAndGet();
                });
            }
        }, 0, 200, TimeUnit.MICROSECONDS);
        long deadline = start + (seconds + 30L) * 1_000_000_000L;
        while (done.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ticker.shutdownNow();
        Histogram h = recorder.getIntervalHistogram();
        long[] gcAfter = gcCountAndMillis();
        return String.format("%s: %d answers at %s/s, errors %d: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms"
                        + " (the driving JVM's collections: %d, %d ms)",
                label, h.getTotalCount(), rampUp ? (rate / 10) + "→" + rate : String.valueOf(rate), errors.get(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, gcAfter[0] - gcBefore[0],
                gcAfter[1] - gcBefore[1]);
    }

    /**
     * Collections of this JVM so far, and their time in milliseconds, as its collector beans count them (G1's young
     * and full pauses, and the length of any concurrent cycle).
     */
    private static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * When each request is due, in nanoseconds from the start: evenly at {@code rate}, or, ramping up, at a rate
     * growing linearly from a tenth of {@code rate} to {@code rate} over {@code seconds}.
     */
    private static long[] schedule(int rate, int seconds, boolean rampUp) {
        double from = rampUp ? rate / 10.0 : rate;
        double slope = (rate - from) / seconds;
        // Requests due by t: from t + slope t² / 2; the i-th is due when that reaches i.
        int total = (int) Math.round(from * seconds + slope * seconds * seconds / 2);
        long[] due = new long[total];
        for (int i = 0; i < total; i++) {
            double t = slope == 0 ? i / from : (-from + Math.sqrt(from * from + 2 * slope * i)) / slope;
            due[i] = (long) (t * 1_000_000_000L);
        }
        return due;
    }

    private static MultiValueMap<String, String> answer(int session) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("CallUUID", UUID.randomUUID().toString());
        form.add("From", firstParty(session).substring(1));
        form.add("To", virtualNumber(session).substring(1));
        form.add("Direction", "inbound");
        form.add("CallStatus", "ringing");
        form.add("Event", "StartApp");
        return form;
    }

    private static String sessionUuid(int i) {
        return new UUID(0x5e55_1011_0000_4000L, i).toString();
    }

    private static SessionState state(int i, Instant now) {
        return new SessionState("MAVEILDEMO0000000001", TestKeys.KEYS.party(PhoneNumber.parse(firstParty(i))),
                TestKeys.KEYS.party(PhoneNumber.parse("+1628" + (2_000_000 + i))), virtualNumber(i), "active", 3600,
                45, now, now.plus(Duration.ofDays(1)), false, "mp3");
    }

    private static String firstParty(int i) {
        return "+1415" + (2_000_000 + i);
    }

    /** 10,000 virtual numbers, each hosting 100 sessions. */
    private static String virtualNumber(int i) {
        return "+1650" + (2_000_000 + i % 10_000);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
