package dev.veil.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code ./veil bench} run measured, rendered by {@link ReportWriter} as Markdown and JSON.
 *
 * @param startedAt      ISO-8601 start of the run
 * @param machine        what it ran on
 * @param command        the command line
 * @param runtimeSeconds wall time of the whole command
 * @param scenarios      one entry per scenario, in the order they ran
 */
public record Report(String startedAt, Machine machine, String command, double runtimeSeconds,
        List<Scenario> scenarios) {

    /**
     * The machine: its cores, memory, Java and load average before and after the run (other work on the machine
     * shows there).
     */
    public record Machine(int cores, String cpu, long memoryMb, String java, String loadBefore, String loadAfter) {
    }

    /**
     * One scenario.
     *
     * @param name      short name (the --scenarios value)
     * @param title     what it measures
     * @param runs      every measured run (warm-ups excluded)
     * @param checks    each figure (the median of the runs) beside its target
     * @param processes CPU and memory of each process during the measured runs
     * @param notes     how to read it: live sessions, warm-up, skipped parts
     */
    public record Scenario(String name, String title, List<Run> runs, List<Check> checks,
            List<ProcessUse> processes, List<String> notes) {
    }

    /**
     * One measured run at a fixed rate; latencies in milliseconds, from each request's due time.
     *
     * @param label      which run
     * @param rate       offered requests per second
     * @param seconds    scheduled duration
     * @param requests   requests sent
     * @param errors     requests failed, wrongly answered or unfinished
     * @param throughput successful requests per second (see the README)
     * @param p50        median latency
     * @param p99        99th percentile
     * @param p999       99.9th percentile
     * @param max        slowest request
     * @param errorKinds errors by kind
     */
    public record Run(String label, double rate, double seconds, long requests, long errors, double throughput,
            double p50, double p99, double p999, double max, Map<String, Long> errorKinds) {
    }

    /**
     * A figure beside its target.
     *
     * @param figure   what is measured
     * @param target   the target, as the issue states it ("" when the figure is reported without one)
     * @param measured the measured value with its unit
     * @param verdict  {@code pass}, {@code miss} or {@code report} (no target)
     */
    public record Check(String figure, String target, String measured, String verdict) {

        public static Check atMost(String figure, double limit, double value, String unit) {
            return new Check(figure, "≤ " + number(limit) + " " + unit, number(value) + " " + unit,
                    value <= limit ? "pass" : "miss");
        }

        public static Check atLeast(String figure, double limit, double value, String unit) {
            return new Check(figure, "≥ " + number(limit) + " " + unit, number(value) + " " + unit,
                    value >= limit ? "pass" : "miss");
        }

        public static Check reported(String figure, String measured) {
            return new Check(figure, "", measured, "report");
        }

        /** A number with at most two decimals and thousands separators, as the report prints every figure. */
        public static String number(double value) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return String.format("%,d", (long) value);
            }
            return Math.abs(value) >= 100 ? String.format("%,.0f", value)
                    : Math.abs(value) >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
        }
    }

    /**
     * What one process used while a scenario's runs were measured.
     *
     * @param process    name (a service, kafka, postgres with its backends, or the load driver)
     * @param cpuSeconds user + system CPU seconds
     * @param cores      average cores busy (CPU seconds over wall seconds)
     * @param rssMb      resident memory at the end, MiB
     * @param peakRssMb  highest resident memory seen so far in the run, MiB
     */
    public record ProcessUse(String process, double cpuSeconds, double cores, double rssMb, double peakRssMb) {
    }
}
