package dev.veil.bench.report;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.veil.bench.report.Report.Check.number;

/** Writes a {@link Report} as {@code bench-<time>.md} and {@code bench-<time>.json}, and {@code latest.*}. */
public final class ReportWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    /** Writes both forms into {@code directory}; returns the Markdown file. */
    public static Path write(Report report, Path directory, String stamp) throws IOException {
        Files.createDirectories(directory);
        String markdown = markdown(report);
        String json = JSON.writeValueAsString(report);
        Path md = directory.resolve("bench-" + stamp + ".md");
        Files.writeString(md, markdown);
        Files.writeString(directory.resolve("bench-" + stamp + ".json"), json);
        Files.writeString(directory.resolve("latest.md"), markdown);
        Files.writeString(directory.resolve("latest.json"), json);
        return md;
    }

    /** The report as Markdown: a summary of every target, then each scenario's runs and processes. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        Report.Machine m = report.machine();
        md.append("# Veil benchmark report\n\n");
        md.append("- started: ").append(report.startedAt()).append('\n');
        md.append("- command: `").append(report.command()).append("`\n");
        md.append("- runtime: ").append(number(report.runtimeSeconds())).append(" s\n");
        md.append("- machine: ").append(m.cores()).append(" cores (").append(m.cpu()).append("), ")
                .append(String.format("%,d", m.memoryMb())).append(" MiB, ").append(m.java()).append('\n');
        md.append("- load average (1/5/15 min) before: ").append(m.loadBefore()).append(", after: ")
                .append(m.loadAfter()).append("\n\n");
        md.append("Latencies are measured from each request's scheduled send time (open-loop, fixed rate), so "
                + "queueing behind a stall counts. Figures beside targets are medians of the measured runs.\n\n");

        md.append("## Targets\n\n");
        md.append("| scenario | figure | target | measured | verdict |\n|---|---|---|---|---|\n");
        for (Report.Scenario s : report.scenarios()) {
            for (Report.Check c : s.checks()) {
                md.append("| ").append(s.name()).append(" | ").append(c.figure()).append(" | ")
                        .append(c.target().isEmpty() ? "—" : c.target()).append(" | ").append(c.measured())
                        .append(" | ").append(verdict(c.verdict())).append(" |\n");
            }
        }
        for (Report.Scenario s : report.scenarios()) {
            md.append("\n## ").append(s.name()).append(": ").append(s.title()).append("\n\n");
            s.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            if (!s.notes().isEmpty()) {
                md.append('\n');
            }
            if (!s.runs().isEmpty()) {
                md.append("| run | rate/s | s | requests | errors | throughput/s | p50 ms | p99 ms | p99.9 ms "
                        + "| max ms |\n|---|---|---|---|---|---|---|---|---|---|\n");
                for (Report.Run r : s.runs()) {
                    md.append("| ").append(r.label()).append(" | ").append(number(r.rate())).append(" | ")
                            .append(number(r.seconds())).append(" | ").append(number(r.requests())).append(" | ")
                            .append(number(r.errors())).append(errorKinds(r.errorKinds())).append(" | ")
                            .append(number(r.throughput())).append(" | ").append(number(r.p50())).append(" | ")
                            .append(number(r.p99())).append(" | ").append(number(r.p999())).append(" | ")
                            .append(number(r.max())).append(" |\n");
                }
                md.append('\n');
            }
            if (!s.processes().isEmpty()) {
                md.append("| process | CPU s | cores | RSS MiB | peak RSS MiB |\n|---|---|---|---|---|\n");
                for (Report.ProcessUse p : s.processes()) {
                    md.append("| ").append(p.process()).append(" | ").append(number(p.cpuSeconds())).append(" | ")
                            .append(number(p.cores())).append(" | ").append(number(p.rssMb())).append(" | ")
                            .append(number(p.peakRssMb())).append(" |\n");
                }
            }
        }
        return md.toString();
    }

    private static String verdict(String verdict) {
        return switch (verdict) {
            case "pass" -> "**pass**";
            case "miss" -> "**MISS**";
            default -> "reported";
        };
    }

    private static String errorKinds(Map<String, Long> kinds) {
        if (kinds.isEmpty()) {
            return "";
        }
        List<String> parts = kinds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        return " (" + parts.stream().collect(Collectors.joining(", ")) + ")";
    }
}
