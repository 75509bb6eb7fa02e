package dev.veil.bench.platform;

import dev.veil.bench.report.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU and memory of every measured process of the run (the platform's and the load driver itself): snapshots
 * around a scenario's measured runs, and the peak resident memory seen by a once-a-second sampler.
 */
public final class ProcessMeter implements AutoCloseable {

    /** CPU seconds of each process at one moment, and when. */
    public record Snapshot(long nanos, Map<String, Double> cpu) {
    }

    private final List<Platform.Measured> processes;
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final Thread sampler;

    public ProcessMeter(List<Platform.Measured> platform) {
        List<Platform.Measured> all = new ArrayList<>(platform);
        all.add(new Platform.Measured("bench driver", ProcessHandle.current().pid(), false));
        this.processes = List.copyOf(all);
        this.sampler = Thread.ofPlatform().daemon().name("process-sampler").start(this::sampleForever);
    }

    public Snapshot snapshot() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach(p -> cpu.put(p.name(), ProcessStats.sample(p.pid(), p.tree()).cpuSeconds()));
        return new Snapshot(System.nanoTime(), cpu);
    }

    /** What each process used between {@code before} and now, with its memory now and its peak so far. */
    public List<Report.ProcessUse> since(Snapshot before) {
        Snapshot now = snapshot();
        double wall = (now.nanos() - before.nanos()) / 1e9;
        List<Report.ProcessUse> uses = new ArrayList<>();
        for (Platform.Measured p : processes) {
            double cpu = now.cpu().get(p.name()) - before.cpu().getOrDefault(p.name(), 0.0);
            long rss = ProcessStats.sample(p.pid(), p.tree()).rssBytes();
            long peak = Math.max(peaks.getOrDefault(p.name(), 0L), Math.max(rss,
                    p.tree() ? 0 : ProcessStats.peakRss(p.pid())));
            uses.add(new Report.ProcessUse(p.name(), cpu, wall > 0 ? cpu / wall : 0, mib(rss), mib(peak)));
        }
        return uses;
    }

    /** Resident memory of each process now, MiB. */
    public Map<String, Double> rssMb() {
        Map<String, Double> rss = new LinkedHashMap<>();
        processes.forEach(p -> rss.put(p.name(), mib(ProcessStats.sample(p.pid(), p.tree()).rssBytes())));
        return rss;
    }

    private void sampleForever() {
        while (!Thread.currentThread().isInterrupted()) {
            processes.forEach(p -> peaks.merge(p.name(), ProcessStats.sample(p.pid(), p.tree()).rssBytes(),
                    Math::max));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
