package dev.veil.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of one measured process — a JVM, or a process and its descendants (Postgres: the
 * postmaster and its backends) — read from Linux's {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}.
 */
public final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** One reading of a measured process. */
    public record Sample(double cpuSeconds, long rssBytes) {
    }

    /**
     * CPU seconds (user + system, including children it has waited for) of {@code pid} and, with
     * {@code tree}, of every live descendant; resident memory counted once for pages shared in the tree (the
     * anonymous memory of each process plus the largest file-backed and shared part). A gone process reads zero.
     */
    public static Sample sample(long pid, boolean tree) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        if (tree) {
            pids.addAll(descendants(pid));
        }
        double cpu = 0;
        long anon = 0;
        long shared = 0;
        for (long p : pids) {
            cpu += cpuSeconds(p, p == pid);
            Map<String, Long> status = status(p);
            anon += status.getOrDefault("RssAnon", 0L);
            shared = Math.max(shared, status.getOrDefault("RssFile", 0L) + status.getOrDefault("RssShmem", 0L));
        }
        return new Sample(cpu, anon + shared);
    }

    /** The highest resident set the kernel saw for this one process ({@code VmHWM}), in bytes; 0 when gone. */
    public static long peakRss(long pid) {
        return status(pid).getOrDefault("VmHWM", 0L);
    }

    static double cpuSeconds(long pid, boolean withChildren) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return 0;
        }
        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** Values of {@code /proc/<pid>/status} given in kB, in bytes. */
    static Map<String, Long> status(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        Map<String, Long> values = new HashMap<>();
        if (status == null) {
            return values;
        }
        for (String line : status.split("\n")) {
            if (line.endsWith(" kB")) {
                int colon = line.indexOf(':');
                String number = line.substring(colon + 1, line.length() - 3).trim();
                values.put(line.substring(0, colon), Long.parseLong(number) * 1024);
            }
        }
        return values;
    }

    static List<Long> descendants(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                String stat = read(p.resolve("stat"));
                if (stat != null) {
                    long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        List<Long> all = new ArrayList<>();
        List<Long> next = new ArrayList<>(children.getOrDefault(root, List.of()));
        while (!next.isEmpty()) {
            long pid = next.removeLast();
            all.add(pid);
            next.addAll(children.getOrDefault(pid, List.of()));
        }
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
