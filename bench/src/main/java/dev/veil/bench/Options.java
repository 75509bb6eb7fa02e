package dev.veil.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code ./veil bench}: which scenarios, how long, how often. {@code --quick} picks short
 * defaults; any flag given explicitly wins over the preset.
 *
 * @param scenarios      startup, create, answer, call, memory (memory at the live sessions the run reached), memory-1m
 * @param runs           measured runs of each load scenario (medians quoted)
 * @param warmupSeconds  unmeasured warm-up at the scenario's rate before its runs
 * @param createRate     session creations per second
 * @param createSeconds  length of one creation run
 * @param answerRate     answer webhooks per second
 * @param answerSeconds  length of one answer run
 * @param liveSessions   live sessions before the answer scenario
 * @param callRate       full calls per second
 * @param callSeconds    length of one call run
 * @param memorySessions live sessions of the memory-1m scenario
 * @param maxMinutes     time budget: scenarios that would start after it are skipped (and say so)
 * @param reportDir      where the reports go
 * @param jars           directory of the services' executable jars
 * @param useRunning     load the platform of {@code ./veil up} instead of starting one
 * @param serviceJvm     JVM options of each service process
 */
public record Options(Set<String> scenarios, int runs, int warmupSeconds, int createRate, int createSeconds,
        int answerRate, int answerSeconds, int liveSessions, int callRate, int callSeconds, int memorySessions,
        int maxMinutes, Path reportDir, Path jars, boolean useRunning, List<String> serviceJvm) {

    /** Every scenario, in the order they run. */
    static final List<String> ALL = List.of("startup", "create", "answer", "call", "memory", "memory-1m");

    static final String USAGE = """
            usage: ./veil bench [options]
              --quick                 short run: 1 run each, 3 s warm-up, 10 s runs, 20,000 live sessions,
                                      memory-1m at 100,000 sessions, 30 min budget
              --scenarios=LIST        of startup,create,answer,call,memory,memory-1m (default all)
              --runs=N                measured runs per load scenario, medians quoted (default 3)
              --warmup-seconds=S      unmeasured warm-up before each load scenario (default 5)
              --create-rate=R --create-seconds=S     session creation (default 1000/s for 60 s)
              --answer-rate=R --answer-seconds=S     answer webhook (default 2000/s for 15 s)
              --live-sessions=N       live sessions before the answer scenario (default 100,000)
              --call-rate=R --call-seconds=S         full masked calls (default 200/s for 20 s)
              --memory-sessions=N     live sessions of memory-1m (default 1,000,000)
              --max-minutes=M         time budget; scenarios not started by then are skipped, seeding stops
                                      (default 180)
              --report-dir=DIR        default bench/reports
              --jars=DIR              the services' -exec.jars (default each module's target/)
              --use-running           load the platform of ./veil up (ports 8080-8090) instead of starting one
              --service-jvm="OPTS"    JVM options of each service process (default "-Xms256m -Xmx2g")
            """;

    static Options parse(String[] args, Path root) {
        boolean quick = List.of(args).contains("--quick");
        Options o = new Options(new LinkedHashSet<>(ALL),
                quick ? 1 : 3, quick ? 3 : 5, 1_000, quick ? 10 : 60, 2_000, quick ? 10 : 15,
                quick ? 20_000 : 100_000, 200, quick ? 10 : 20, quick ? 100_000 : 1_000_000, quick ? 30 : 180,
                root.resolve("bench/reports"), null, false, List.of("-Xms256m", "-Xmx2g"));
        for (String arg : args) {
            if (arg.equals("--quick")) {
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (arg.equals("--use-running")) {
                o = o.with("use-running", "true");
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
            String[] kv = arg.substring(2).split("=", 2);
            o = o.with(kv[0], kv[1]);
        }
        return o;
    }

    private Options with(String name, String value) {
        return switch (name) {
            case "scenarios" -> {
                Set<String> chosen = new LinkedHashSet<>(List.of(value.split(",")));
                if (!ALL.containsAll(chosen)) {
                    throw new IllegalArgumentException("scenarios are " + ALL + ", not " + value);
                }
                yield new Options(chosen, runs, warmupSeconds, createRate, createSeconds, answerRate,
                        answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes, reportDir,
                        jars, useRunning, serviceJvm);
            }
            case "runs" -> copy(Integer.parseInt(value), 0);
            case "warmup-seconds" -> copy(Integer.parseInt(value), 1);
            case "create-rate" -> copy(Integer.parseInt(value), 2);
            case "create-seconds" -> copy(Integer.parseInt(value), 3);
            case "answer-rate" -> copy(Integer.parseInt(value), 4);
            case "answer-seconds" -> copy(Integer.parseInt(value), 5);
            case "live-sessions" -> copy(Integer.parseInt(value), 6);
            case "call-rate" -> copy(Integer.parseInt(value), 7);
            case "call-seconds" -> copy(Integer.parseInt(value), 8);
            case "memory-sessions" -> copy(Integer.parseInt(value), 9);
            case "max-minutes" -> copy(Integer.parseInt(value), 10);
            case "report-dir" -> new Options(scenarios, runs, warmupSeconds, createRate, createSeconds, answerRate,
                    answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes,
                    Path.of(value).toAbsolutePath(), jars, useRunning, serviceJvm);
            case "jars" -> new Options(scenarios, runs, warmupSeconds, createRate, createSeconds, answerRate,
                    answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes, reportDir,
                    Path.of(value).toAbsolutePath(), useRunning, serviceJvm);
            case "use-running" -> new Options(scenarios, runs, warmupSeconds, createRate, createSeconds,
                    answerRate, answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes,
                    reportDir, jars, true, serviceJvm);
            case "service-jvm" -> new Options(scenarios, runs, warmupSeconds, createRate, createSeconds,
                    answerRate, answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes,
                    reportDir, jars, useRunning, List.of(value.trim().split("\\s+")));
            default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        };
    }

    /** A copy with the {@code position}-th integer setting (runs ... max-minutes, in record order) replaced. */
    private Options copy(int value, int position) {
        if (value <= 0 && position != 1) {
            throw new IllegalArgumentException("option values must be positive");
        }
        List<Integer> n = new ArrayList<>(List.of(runs, warmupSeconds, createRate, createSeconds, answerRate,
                answerSeconds, liveSessions, callRate, callSeconds, memorySessions, maxMinutes));
        n.set(position, value);
        return new Options(scenarios, n.get(0), n.get(1), n.get(2), n.get(3), n.get(4), n.get(5), n.get(6),
                n.get(7), n.get(8), n.get(9), n.get(10), reportDir, jars, useRunning, serviceJvm);
    }

    /** Where a service's executable jar is: {@code --jars}, else the module's own target directory. */
    Path jar(Path root, String service) {
        return jars != null ? jars.resolve(service + "-0.1.0-SNAPSHOT-exec.jar")
                : root.resolve(service).resolve("target").resolve(service + "-0.1.0-SNAPSHOT-exec.jar");
    }
}
