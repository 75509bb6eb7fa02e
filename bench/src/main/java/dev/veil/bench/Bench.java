package dev.veil.bench;

import dev.veil.bench.client.VeilClient;
import dev.veil.bench.platform.Platform;
import dev.veil.bench.platform.ProcessMeter;
import dev.veil.bench.report.Report;
import dev.veil.bench.report.ReportWriter;
import dev.veil.bench.scenario.Scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./veil bench}: starts the whole platform (or uses a running one), runs the chosen scenarios, writes the
 * report (Markdown and JSON) and stops everything it started. See bench/README.md.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("veil.root", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(List.of(args).contains("--help") || List.of(args).contains("-h") ? 0 : 2);
            return;
        }
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        String loadBefore = loadAverage();
        long deadline = started + TimeUnit.MINUTES.toNanos(options.maxMinutes());
        System.out.println("bench: scenarios " + options.scenarios() + ", " + options.runs() + " run(s) each; "
                + "time budget " + options.maxMinutes() + " min (scenarios not started by then are skipped)");

        Path work = root.resolve("bench/target/run");
        Platform platform;
        if (options.useRunning()) {
            platform = Platform.running();
        } else {
            Map<String, Path> jars = new LinkedHashMap<>();
            for (String service : Platform.SERVICES) {
                Path jar = options.jar(root, service);
                if (!Files.isRegularFile(jar)) {
                    System.err.println("bench: no " + jar + "; build the services first (./veil bench does)");
                    System.exit(1);
                }
                jars.put(service, jar);
            }
            System.out.println("bench: starting Kafka, Postgres and " + Platform.SERVICES.size()
                    + " service processes (logs in " + work.resolve("logs") + ")");
            try {
                platform = Platform.start(new Platform.Settings(jars, work, System.getProperty("java.home"),
                        options.serviceJvm()));
            } catch (RuntimeException e) {
                // A platform that does not start is the start-up scenario's finding: report it, logs named.
                System.out.println("bench: the platform did not start: " + e.getMessage());
                write(options, args, started, startedAt, loadBefore, List.of(skipped("startup", "failed: "
                        + e.getMessage() + " (see " + work.resolve("logs") + ")")));
                System.exit(1);
                return;
            }
        }
        Thread stopper = new Thread(platform::close, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        List<Report.Scenario> results = new ArrayList<>();
        try (ProcessMeter meter = new ProcessMeter(platform.measured())) {
            VeilClient client = new VeilClient(platform.endpoints(), Duration.ofSeconds(30));
            Scenarios.Plan plan = new Scenarios.Plan(options.runs(), options.warmupSeconds(), options.createRate(),
                    options.createSeconds(), options.answerRate(), options.answerSeconds(), options.callRate(),
                    options.callSeconds(), deadline);
            long salt = options.useRunning() ? ThreadLocalRandom.current().nextLong(8_000_000) : 0;
            Scenarios scenarios = new Scenarios(plan, platform, client, meter, salt);
            // The first sample of every process counts the CPU each used since it was launched.
            ProcessMeter.Snapshot launched = new ProcessMeter.Snapshot(started, Map.of());
            if (options.scenarios().contains("startup") && !options.useRunning()) {
                results.add(scenarios.startup(launched));
            }
            client.addNumbers(poolNumbers(salt));
            scenarios.recordBaseline();
            run(options, results, "create", deadline, scenarios::create);
            String seeding = "";
            if (options.scenarios().contains("answer") || options.scenarios().contains("call")) {
                if (System.nanoTime() < deadline) {
                    System.out.println("bench: seeding sessions");
                    long unusedNeeded = (options.scenarios().contains("answer") ? scenarios.answerSessionsNeeded() : 0)
                            + (options.scenarios().contains("call") ? scenarios.callSessionsNeeded() : 0);
                    long liveTarget = options.scenarios().contains("answer") ? options.liveSessions() : 0;
                    seeding = String.join(" ", scenarios.seed(liveTarget, unusedNeeded));
                }
            }
            String seeded = seeding;
            run(options, results, "answer", deadline, () -> scenarios.answer(seeded));
            run(options, results, "call", deadline, scenarios::call);
            run(options, results, "memory", deadline, () -> scenarios.memory("memory",
                    "memory of each process at " + String.format("%,d", scenarios.live()) + " live sessions",
                    meter.snapshot(), List.of("Taken after the other scenarios; the 1M figure is the memory-1m "
                            + "scenario.")));
            run(options, results, "memory-1m", deadline, () -> {
                ProcessMeter.Snapshot before = meter.snapshot();
                List<String> notes = scenarios.seed(options.memorySessions(), 0);
                return scenarios.memory("memory-1m", "memory of each process at "
                        + String.format("%,d", scenarios.live()) + " live sessions", before, notes);
            });
        } finally {
            System.out.println("bench: stopping the platform");
            platform.close();
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        write(options, args, started, startedAt, loadBefore, results);
        System.exit(0);
    }

    private static void write(Options options, String[] args, long started, Instant startedAt, String loadBefore,
            List<Report.Scenario> results) throws IOException {
        Report report = new Report(startedAt.toString(), machine(loadBefore),
                "./veil bench " + String.join(" ", args), (System.nanoTime() - started) / 1e9, results);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(startedAt);
        Path md = ReportWriter.write(report, options.reportDir(), stamp);
        String markdown = ReportWriter.markdown(report);
        int targets = markdown.indexOf("## Targets");
        int next = markdown.indexOf("\n## ", targets + 1);
        System.out.println(markdown.substring(0, next < 0 ? markdown.length() : next));
        System.out.println("bench: report " + md + " (and .json)");
    }

    /** A scenario that throws an exception or cannot start within the time budget is reported as such. */
    private interface ScenarioRun {
        Report.Scenario run() throws Exception;
    }

    private static void run(Options options, List<Report.Scenario> results, String name, long deadline,
            ScenarioRun scenario) {
        if (!options.scenarios().contains(name)) {
            return;
        }
        if (System.nanoTime() > deadline) {
            results.add(skipped(name, "skipped: the time budget (--max-minutes=" + options.maxMinutes()
                    + ") was spent before it could start"));
            return;
        }
        System.out.println("bench: scenario " + name);
        try {
            results.add(scenario.run());
        } catch (Exception e) {
            System.out.println("bench: scenario " + name + " failed: " + e);
            results.add(skipped(name, "failed: " + e));
        }
    }

    private static Report.Scenario skipped(String name, String why) {
        return new Report.Scenario(name, why, List.of(), List.of(new Report.Check("scenario", "", why, "miss")),
                List.of(), List.of());
    }

    /** A thousand virtual numbers for the demo account (US, so geomatch takes them for the +1 parties). */
    private static List<String> poolNumbers(long salt) {
        long first = 3_000_000 + (salt % 1_000) * 1_000;
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            numbers.add("+1650" + (first + i));
        }
        return numbers;
    }

    private static Report.Machine machine(String loadBefore) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        long memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(0L);
        return new Report.Machine(Runtime.getRuntime().availableProcessors(), cpu, memory,
                "Java " + Runtime.version(), loadBefore, loadAverage());
    }

    private static String loadAverage() throws IOException {
        return List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3).stream()
                .collect(Collectors.joining(" / "));
    }
}
