package dev.veil.bench.scenario;

import dev.veil.bench.client.VeilClient;
import dev.veil.bench.client.VeilClient.Session;
import dev.veil.bench.load.FixedRate;
import dev.veil.bench.load.OpenLoopDriver;
import dev.veil.bench.platform.BulkSeeder;
import dev.veil.bench.platform.ConsumerLag;
import dev.veil.bench.platform.Platform;
import dev.veil.bench.platform.ProcessMeter;
import dev.veil.bench.platform.ServerTimings;
import dev.veil.bench.report.Report;
import dev.veil.bench.report.Report.Check;
import dev.veil.events.Topics;
import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import static dev.veil.bench.report.Report.Check.number;

/**
 * The whole-platform scenarios of issue 11, each measured {@code runs} times after a warm-up, with its targets:
 * session creation, the answer webhook at a given number of live sessions, a full masked call until its billed
 * totals show on GET, memory per service at the live sessions reached (or at 1M), and start-up.
 */
public final class Scenarios {

    /** How a scenario is run: rates, durations, repetitions and the time budget. */
    public record Plan(int runs, int warmupSeconds, int createRate, int createSeconds, int answerRate,
            int answerSeconds, int callRate, int callSeconds, long deadlineNanos) {
    }

    private static final int TALK_SECONDS = 30;
    private static final long BILLED_WITHIN_SECONDS = 30;

    private final Plan plan;
    private final Platform platform;
    private final VeilClient client;
    private final ProcessMeter meter;
    private final ServerTimings timings;
    private final OpenLoopDriver driver = new OpenLoopDriver(1_024, 60);
    private final Deque<Session> unused = new ArrayDeque<>();
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong nextParty = new AtomicLong();
    private final long salt;
    private Map<String, Double> baselineRss = Map.of();
    private long baselineLive;

    public Scenarios(Plan plan, Platform platform, VeilClient client, ProcessMeter meter, long salt) {
        this.plan = plan;
        this.platform = platform;
        this.client = client;
        this.meter = meter;
        this.timings = new ServerTimings(platform.serviceUrls());
        this.salt = salt;
    }

    /** Start-up of the platform this run started: services launched at once until each is healthy. */
    public Report.Scenario startup(ProcessMeter.Snapshot launched) {
        List<Check> checks = new ArrayList<>();
        double whole = platform.startSeconds().values().stream().mapToDouble(d -> d).max().orElse(0);
        checks.add(Check.atMost("whole platform: services launched → all healthy", 90, whole, "s"));
        checks.add(Check.reported("Kafka + Postgres ready", number(platform.infrastructureSeconds()) + " s"));
        platform.startSeconds().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> checks.add(Check.reported(e.getKey() + " healthy", number(e.getValue()) + " s")));
        return new Report.Scenario("startup", "start-up time of the whole platform", List.of(), checks,
                meter.since(launched), List.of("Kafka and Postgres start first (fresh data directories); then the "
                        + "six service JVMs are launched together and each is polled on /actuator/health (call-router "
                        + "is healthy once its routing index has read the session topic). CPU is what each process "
                        + "used from launch until all were healthy. Measured once per command run.",
                "The target (90 s) is `./veil up`'s, from the foundation issue."));
    }

    /** Baseline of the memory scenario: resident memory of each process right after start-up. */
    public void recordBaseline() {
        baselineRss = meter.rssMb();
        baselineLive = live.get();
    }

    /** Session creation (allocation included) at a fixed rate. */
    public Report.Scenario create() throws InterruptedException {
        FixedRate schedule = new FixedRate(plan.createRate(), plan.createSeconds());
        OpenLoopDriver.Request create = (i, due) -> {
            long n = nextParty.getAndIncrement();
            return client.createSession(VeilClient.firstParty(salt, n), VeilClient.secondParty(salt, n))
                    .handle((session, failure) -> {
                        if (session == null) {
                            return kind(failure);
                        }
                        live.incrementAndGet();
                        synchronized (unused) {
                            unused.add(session);
                        }
                        return null;
                    });
        };
        warmUp(plan.createRate(), create);
        ProcessMeter.Snapshot before = meter.snapshot();
        ServerTimings.Snapshot served = timings.snapshot();
        List<Report.Run> runs = new ArrayList<>();
        for (int run = 1; run <= plan.runs(); run++) {
            runs.add(run("run " + run, driver.run(schedule, create)));
        }
        List<Report.ProcessUse> used = meter.since(before);
        List<Check> checks = List.of(
                Check.atLeast("sessions/s sustained for " + plan.createSeconds() + " s", 1_000,
                        median(runs, Report.Run::throughput), "/s"),
                Check.atMost("p99", 50, median(runs, Report.Run::p99), "ms"),
                Check.atMost("errors", 0, runs.stream().mapToLong(Report.Run::errors).sum(), ""),
                cpuPerRequest(used, runs, "session"));
        return new Report.Scenario("create", "session creation, allocation included (POST …/Masking/Session)",
                runs, checks, used, notes(served,
                        "Each request creates a session of two new parties (session-service asks allocation-service "
                                + "for a virtual number, then writes the session and its SessionCreated).",
                        "Offered rate " + plan.createRate() + "/s; warm-up " + plan.warmupSeconds() + " s; "
                                + plan.runs() + " run(s) of " + plan.createSeconds() + " s; live sessions at the end: "
                                + number(live.get()) + "."));
    }

    /**
     * Creates sessions until {@code liveTarget} are live and at least {@code unusedTarget} have not been called;
     * stops at the time budget. In bulk ({@link #seedInBulk}) on a platform this run started, else through the API.
     * Returns the lines for the report.
     */
    public List<String> seed(long liveTarget, long unusedTarget) throws InterruptedException {
        return platform.internals().isPresent() ? seedInBulk(liveTarget, unusedTarget)
                : List.of(seedThroughApi(liveTarget, unusedTarget));
    }

    /** Creates sessions through the API as fast as the platform takes them (64 at a time); see {@link #seed}. */
    private String seedThroughApi(long liveTarget, long unusedTarget) throws InterruptedException {
        Semaphore slots = new Semaphore(64);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long before = live.get();
        long nextReport = started + TimeUnit.SECONDS.toNanos(15);
        while ((live.get() < liveTarget || unusedCount() < unusedTarget) && System.nanoTime() < plan.deadlineNanos()
                && failures.get() < 1_000) {
            slots.acquire();
            if (System.nanoTime() > nextReport) {
                nextReport += TimeUnit.SECONDS.toNanos(15);
                System.out.printf("bench:   seeding: %,d live, %,d uncalled, %d failures%n", live.get(),
                        unusedCount(), failures.get());
            }
            long n = nextParty.getAndIncrement();
            client.createSession(VeilClient.firstParty(salt, n), VeilClient.secondParty(salt, n))
                    .whenComplete((session, failure) -> {
                        if (session != null) {
                            live.incrementAndGet();
                            synchronized (unused) {
                                unused.add(session);
                            }
                        } else {
                            failures.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        slots.acquire(64);
        slots.release(64);
        double seconds = (System.nanoTime() - started) / 1e9;
        long created = live.get() - before;
        String line = "Seeded " + number(created) + " sessions through the API in " + number(seconds) + " s ("
                + number(seconds > 0 ? created / seconds : 0) + "/s, 64 concurrent, " + failures.get()
                + " failures); live sessions now " + number(live.get()) + ".";
        System.out.println("bench: " + line);
        if (failures.get() >= 1_000) {
            throw new IllegalStateException("seeding failed 1,000 times; see the service logs");
        }
        return line;
    }

    /** Most sessions written in bulk whose allocation is not confirmed yet (their SessionCreated not consumed). */
    private static final long BULK_IN_FLIGHT = 10_000;

    /**
     * Creates sessions with {@link BulkSeeder} until {@code liveTarget} are live and at least {@code unusedTarget}
     * have not been called (stops at the time budget): one session through the API as the template, then batches
     * of the rows a create writes. Writing is held back while
     * more than {@link #BULK_IN_FLIGHT} allocations wait for their {@code SessionCreated} (allocation-service
     * releases a reservation unconfirmed after 60 s), so the seeding runs at the rate the platform publishes and
     * consumes the events. Then waits (up to 20 min) until every consumer group has applied every session event and
     * call-router's index holds every session. Returns the lines for the report.
     */
    private List<String> seedInBulk(long liveTarget, long unusedTarget) throws InterruptedException {
        Platform.Internals internals = platform.internals().orElseThrow(() -> new IllegalStateException(
                "bulk seeding writes to the platform's database: it needs the platform this run started, not "
                        + "--use-running"));
        long started = System.nanoTime();
        long before = live.get();
        long first = nextParty.getAndIncrement();
        Session template = client.createSession(VeilClient.firstParty(salt, first), VeilClient.secondParty(salt,
                first)).join();
        live.incrementAndGet();
        synchronized (unused) {
            unused.add(template);
        }
        List<String> lines = new ArrayList<>();
        BulkSeeder seeder = new BulkSeeder(internals);
        try (ConsumerLag lag = new ConsumerLag(internals.kafka())) {
            BulkSeeder.Template copied = seeder.template(template.uuid());
            long nextReport = started + TimeUnit.SECONDS.toNanos(15);
            long waits = 0;
            while ((live.get() < liveTarget || unusedCount() < unusedTarget)
                    && System.nanoTime() < plan.deadlineNanos()) {
                if (System.nanoTime() > nextReport) {
                    nextReport += TimeUnit.SECONDS.toNanos(15);
                    System.out.printf("bench:   bulk seeding: %,d live, %,d events in the outbox, %,d allocations "
                            + "unconfirmed%n", live.get(), seeder.outboxBacklog(), seeder.unconfirmed());
                }
                if (seeder.unconfirmed() > BULK_IN_FLIGHT) {
                    waits++;
                    Thread.sleep(200);
                    continue;
                }
                List<BulkSeeder.Parties> batch = new ArrayList<>();
                long wanted = Math.max(liveTarget - live.get(), unusedTarget - unusedCount());
                for (long i = 0, n = Math.min(BulkSeeder.BATCH, wanted); i < n; i++) {
                    long party = nextParty.getAndIncrement();
                    batch.add(new BulkSeeder.Parties(VeilClient.firstParty(salt, party),
                            VeilClient.secondParty(salt, party)));
                }
                List<String> uuids = seeder.seed(copied, batch);
                live.addAndGet(batch.size());
                synchronized (unused) {
                    for (int i = 0; i < uuids.size(); i++) {
                        unused.add(new Session(uuids.get(i), batch.get(i).first(), batch.get(i).second(),
                                template.virtualNumber()));
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long created = live.get() - before;
            lines.add("Seeded " + number(created) + " sessions in " + number(seconds) + " s ("
                    + number(created / seconds) + "/s) in bulk: one through the API as the template, the others in "
                    + "batches of " + number(BulkSeeder.BATCH) + " written as a create writes them (allocation "
                    + "reserved with its bindings; session row and SessionCreated in session-service's outbox), so "
                    + "the outbox relay, allocation-service, call-router, billing and recording process every event as "
                    + "in production. Held back " + number(waits * 0.2) + " s in all while more than "
                    + number(BULK_IN_FLIGHT) + " allocations awaited their SessionCreated.");
            long drainStarted = System.nanoTime();
            long drainDeadline = drainStarted + TimeUnit.MINUTES.toNanos(20);
            Map<String, Long> behind = lag.of(Topics.SESSION);
            double routes = timings.metric("call-router", "veil_router_index_routes");
            while ((seeder.outboxBacklog() > 0 || seeder.unconfirmed() > 0
                    || behind.values().stream().anyMatch(n -> n > 0) || routes < 2 * live.get())
                    && System.nanoTime() < drainDeadline) {
                Thread.sleep(1_000);
                behind = lag.of(Topics.SESSION);
                routes = timings.metric("call-router", "veil_router_index_routes");
            }
            lines.add("After seeding, " + number((System.nanoTime() - drainStarted) / 1e9) + " s until every "
                    + "event was applied; then: outbox " + number(seeder.outboxBacklog()) + ", allocations "
                    + "unconfirmed " + number(seeder.unconfirmed()) + ", consumer groups behind on "
                    + Topics.SESSION + " " + behind + ", call-router's index " + number(routes) + " party routes for "
                    + number(live.get()) + " live sessions.");
        }
        lines.forEach(line -> System.out.println("bench:   " + line));
        return lines;
    }

    /** Sessions the answer and call scenarios will use up. */
    public long answerSessionsNeeded() {
        return (long) plan.answerRate() * (plan.warmupSeconds() + (long) plan.runs() * plan.answerSeconds());
    }

    public long callSessionsNeeded() {
        return (long) plan.callRate() * (plan.warmupSeconds() + (long) plan.runs() * plan.callSeconds());
    }

    /**
     * Waits (up to 3 minutes) until call-router's routing index holds both parties of every live session, so the
     * answers are routed from memory as in steady state rather than by the on-miss lookup; says how long it took.
     */
    private String awaitIndexed(long sessions) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MINUTES.toNanos(3);
        double routes = timings.metric("call-router", "veil_router_index_routes");
        while (routes >= 0 && routes < 2 * sessions && System.nanoTime() < deadline) {
            Thread.sleep(500);
            routes = timings.metric("call-router", "veil_router_index_routes");
        }
        String line = routes < 0 ? "call-router's index size could not be read (veil_router_index_routes)."
                : "call-router's index held " + number(routes) + " party routes for " + number(sessions)
                        + " live sessions " + number((System.nanoTime() - started) / 1e9)
                        + " s after seeding ended (the answers start then).";
        System.out.println("bench:   " + line);
        return line;
    }

    /** The answer webhook, signed as the carrier signs it, each to a different live session (a full bridge). */
    public Report.Scenario answer(String seeding) throws InterruptedException {
        FixedRate schedule = new FixedRate(plan.answerRate(), plan.answerSeconds());
        OpenLoopDriver.Request answer = (i, due) -> {
            Session session = take();
            return session == null ? CompletableFuture.completedFuture("no unused session")
                    : client.answer(session).exceptionally(Scenarios::kind);
        };
        long liveAtStart = live.get();
        String indexed = awaitIndexed(liveAtStart);
        warmUp(plan.answerRate(), answer);
        ProcessMeter.Snapshot before = meter.snapshot();
        ServerTimings.Snapshot served = timings.snapshot();
        List<Report.Run> runs = new ArrayList<>();
        for (int run = 1; run <= plan.runs(); run++) {
            runs.add(run("run " + run, driver.run(schedule, answer)));
        }
        List<Report.ProcessUse> used = meter.since(before);
        List<Check> checks = List.of(
                Check.atMost("p99 at " + number(plan.answerRate()) + "/s, " + number(liveAtStart) + " live sessions",
                        5, median(runs, Report.Run::p99), "ms"),
                Check.atMost("errors", 0, runs.stream().mapToLong(Report.Run::errors).sum(), ""),
                Check.atLeast("throughput", plan.answerRate(), median(runs, Report.Run::throughput), "/s"),
                cpuPerRequest(used, runs, "answer"));
        return new Report.Scenario("answer", "answer webhook with " + number(liveAtStart) + " live sessions",
                runs, checks, used, notes(served, seeding, indexed,
                        "POST /carrier/plivo/answer straight to call-router, signed with X-Plivo-Signature-V3 and a "
                                + "fresh nonce; every request is the first call of another live session, so every "
                                + "answer is a full bridge (index lookup, live-call claim, webhook log, events into "
                                + "the outbox, <Dial> XML). An answer without <Dial> is an error.",
                        "Warm-up " + plan.warmupSeconds() + " s; " + plan.runs() + " run(s) of "
                                + plan.answerSeconds() + " s."));
    }

    /** A whole masked call through the carrier simulator until GET shows the session's billed totals. */
    public Report.Scenario call() throws InterruptedException {
        FixedRate schedule = new FixedRate(plan.callRate(), plan.callSeconds());
        Histogram carrier = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram billing = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong polls = new AtomicLong();
        OpenLoopDriver.Request call = (i, due) -> {
            Session session = take();
            if (session == null) {
                return CompletableFuture.completedFuture("no unused session");
            }
            return client.placeCall(session, TALK_SECONDS)
                    .thenCompose(ended -> {
                        long hungUp = System.nanoTime();
                        record(carrier, hungUp - due);
                        return billed(session, hungUp + TimeUnit.SECONDS.toNanos(BILLED_WITHIN_SECONDS), polls)
                                .thenApply(b -> {
                                    record(billing, System.nanoTime() - hungUp);
                                    return (String) null;
                                });
                    })
                    .exceptionally(Scenarios::kind);
        };
        warmUp(plan.callRate(), call);
        carrier.reset();
        billing.reset();
        polls.set(0);
        ProcessMeter.Snapshot before = meter.snapshot();
        ServerTimings.Snapshot served = timings.snapshot();
        List<Report.Run> runs = new ArrayList<>();
        for (int run = 1; run <= plan.runs(); run++) {
            runs.add(run("run " + run, driver.run(schedule, call)));
        }
        long calls = runs.stream().mapToLong(Report.Run::requests).sum();
        List<Report.ProcessUse> used = meter.since(before);
        List<Check> checks = List.of(
                Check.atMost("p99 call placed → billed totals on GET, at " + number(plan.callRate()) + " calls/s",
                        1_000, median(runs, Report.Run::p99), "ms"),
                Check.atMost("errors", 0, runs.stream().mapToLong(Report.Run::errors).sum(), ""),
                Check.reported("part 1, carrier: call placed → last webhook answered (p50 / p99)",
                        ms(carrier, 50) + " / " + ms(carrier, 99) + " ms"),
                Check.reported("part 2, after hangup: CallEnded → billing → CallBilled → totals on GET "
                        + "(p50 / p99)",
                        ms(billing, 50) + " / " + ms(billing, 99) + " ms"),
                cpuPerRequest(used, runs, "call"));
        return new Report.Scenario("call", "a full masked call to billed totals visible on GET", runs, checks,
                used, notes(served,
                        "Each call: POST /sim/v1/calls from the first party to the session's virtual number ("
                                + TALK_SECONDS + " s of simulated talk, no real time); the simulator sends answer, "
                                + "dial-events answer and hangup, dial-status and hangup, each signed, and answers "
                                + "when done. Then GET the session until total_call_count is 1 (every 100 ms for a "
                                + "second, then every 500 ms; give up after " + BILLED_WITHIN_SECONDS + " s: an "
                                + "error). Latency runs from the call's scheduled time to the GET that shows it "
                                + "billed (100 ms resolution up to 1 s after the hangup).",
                        "GET polls during the runs: " + number(polls.get()) + " for " + number(calls) + " calls.",
                        "Warm-up " + plan.warmupSeconds() + " s; " + plan.runs() + " run(s) of " + plan.callSeconds()
                                + " s."));
    }

    /** Resident memory of each process now, beside the baseline taken after start-up. */
    public Report.Scenario memory(String name, String title, ProcessMeter.Snapshot since, List<String> notes) {
        Map<String, Double> now = meter.rssMb();
        long sessions = live.get() - baselineLive;
        List<Check> checks = new ArrayList<>();
        checks.add(Check.reported("live sessions", number(live.get())));
        now.forEach((process, mb) -> {
            double base = baselineRss.getOrDefault(process, 0.0);
            String perSession = sessions > 0 ? ", " + number((mb - base) * 1024 * 1024 / sessions)
                    + " B/session over the baseline" : "";
            checks.add(Check.reported(process + " RSS", number(mb) + " MiB (after start-up " + number(base)
                    + " MiB" + perSession + ")"));
        });
        List<String> all = new ArrayList<>(notes);
        all.add("RSS is resident memory as Linux reports it (heap actually touched, metaspace, code cache, thread "
                + "stacks, buffers): a JVM keeps heap it once grew into, so per-session figures are upper bounds "
                + "and include garbage not yet collected. Postgres: its backends' private memory plus shared "
                + "buffers once.");
        return new Report.Scenario(name, title, List.of(), checks, meter.since(since), all);
    }

    /**
     * The platform's CPU cost per request (every measured process but the driver, over the measured runs) and the
     * rate the machine's cores could carry at that cost: a figure that depends far less on other work sharing the
     * machine than latency does.
     */
    private static Check cpuPerRequest(List<Report.ProcessUse> processes, List<Report.Run> runs, String unit) {
        double cpu = processes.stream().filter(p -> !p.process().equals("bench driver"))
                .mapToDouble(Report.ProcessUse::cpuSeconds).sum();
        long requests = runs.stream().mapToLong(r -> r.requests() - r.errors()).sum();
        if (requests == 0 || cpu == 0) {
            return Check.reported("platform CPU per " + unit, "—");
        }
        double ms = cpu * 1000 / requests;
        int cores = Runtime.getRuntime().availableProcessors();
        return Check.reported("platform CPU per " + unit + " (all services, Kafka, Postgres)", number(ms)
                + " ms → at most ~" + number(cores * 1000 / ms) + " " + unit + "s/s on " + cores + " idle cores");
    }

    /**
     * The notes, then each service's own timing of the HTTP requests it served or sent during the runs (mean per
     * request, the most total time first): the slowest hop of the path is near the top.
     */
    private List<String> notes(ServerTimings.Snapshot before, String... notes) {
        List<String> all = new ArrayList<>(List.of(notes));
        for (ServerTimings.Hop hop : timings.since(before, 8)) {
            all.add("inside: " + hop.endpoint() + ": " + number(hop.requests()) + " requests, mean "
                    + number(hop.meanMs()) + " ms (the service's own timing)");
        }
        return all;
    }

    /** Live sessions created by this run so far. */
    public long live() {
        return live.get();
    }

    private CompletableFuture<Void> billed(Session session, long deadline, AtomicLong polls) {
        polls.incrementAndGet();
        return client.totalCallCount(session.uuid()).thenCompose(count -> {
            if (count >= 1) {
                return CompletableFuture.completedFuture(null);
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(new VeilClient.Failure("not billed within "
                        + BILLED_WITHIN_SECONDS + " s"));
            }
            // Every 100 ms for the first second after the hangup (the target's resolution), then every 500 ms so
            // that the polls of late calls do not become a load of their own.
            long sinceHangup = TimeUnit.SECONDS.toNanos(BILLED_WITHIN_SECONDS) - (deadline - System.nanoTime());
            long delay = sinceHangup < TimeUnit.SECONDS.toNanos(1) ? 100 : 500;
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> billed(session, deadline, polls));
        });
    }

    private void warmUp(int rate, OpenLoopDriver.Request request) throws InterruptedException {
        if (plan.warmupSeconds() > 0) {
            OpenLoopDriver.Result warm = driver.run(new FixedRate(rate, plan.warmupSeconds()), request);
            System.out.printf("bench:   warm-up: %d requests, %d errors, p99 %.1f ms%n", warm.sent(), warm.errors(),
                    warm.latency().getValueAtPercentile(99) / 1000.0);
        }
    }

    private static Report.Run run(String label, OpenLoopDriver.Result r) {
        Histogram h = r.latency();
        Report.Run run = new Report.Run(label, r.schedule().ratePerSecond(), r.schedule().seconds(), r.sent(),
                r.errors(), r.throughput(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, r.errorKinds());
        System.out.printf("bench:   %s: %d requests, %d errors, %.0f/s, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms%n",
                label, run.requests(), run.errors(), run.throughput(), run.p50(), run.p99(), run.p999(), run.max());
        return run;
    }

    /** The median of a figure over the runs (the mean of the middle two for an even count). */
    static double median(List<Report.Run> runs, ToDoubleFunction<Report.Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private Session take() {
        synchronized (unused) {
            return unused.pollFirst();
        }
    }

    private long unusedCount() {
        synchronized (unused) {
            return unused.size();
        }
    }

    private static void record(Histogram histogram, long nanos) {
        synchronized (histogram) {
            histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(0, nanos / 1000)));
        }
    }

    private static String ms(Histogram histogram, double percentile) {
        synchronized (histogram) {
            return histogram.getTotalCount() == 0 ? "—"
                    : number(histogram.getValueAtPercentile(percentile) / 1000.0);
        }
    }

    private static String kind(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof VeilClient.Failure ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
