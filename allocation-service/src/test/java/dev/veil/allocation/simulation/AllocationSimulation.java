package dev.veil.allocation.simulation;

import dev.veil.allocation.reservation.PackingStrategy;
import dev.veil.allocation.reservation.PackingStrategy.Candidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The allocation simulation: replays delivery, ride-hailing and marketplace workloads (and an adversarial sequence)
 * through Veil's allocation order ({@link PackingStrategy}, via {@link PoolReplay}) and prints, per workload, Δ (the
 * lower bound), 2Δ−1 (what Plivo tells customers to rent) and the pool Veil needed, as medians over several seeds.
 * For comparison it also shows two other admissible orders: first-fit by number, and spreading (least loaded
 * first). Run it with {@code ./mvnw -B -ntp -o -q -pl allocation-service test-compile exec:exec}; the first argument
 * is the number of seeds (default 7).
 */
public final class AllocationSimulation {

    /** Least loaded first: spreads sessions evenly, the opposite of packing. */
    static final Comparator<Candidate> SPREAD = Comparator.comparingLong(Candidate::liveSessions)
            .thenComparing(Candidate::number);
    /** The lowest admissible number, whatever the load. */
    static final Comparator<Candidate> FIRST_FIT = Comparator.comparing(Candidate::number);

    private AllocationSimulation() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Map<String, LongFunction<List<SessionSpec>>> workloads = new LinkedHashMap<>();
        workloads.put("food delivery (300 couriers, 8 h)", seed -> Workloads.foodDelivery(seed, 300, 8));
        workloads.put("ride-hailing (500 drivers, 8 h)", seed -> Workloads.rideHailing(seed, 500, 8));
        workloads.put("marketplace (200 sellers, 8 h)", seed -> Workloads.marketplace(seed, 200, 8));
        workloads.put("adversarial (Δ = 10)", seed -> Workloads.adversarial(10));
        System.out.printf("%-36s %9s %5s %6s %12s %10s %6s %9s %7s%n", "workload (medians over " + seeds + " seeds)",
                "sessions", "Δ", "2Δ−1", "Veil [min-max]", "Veil / Δ", "first", "spread", "seconds");
        for (var workload : workloads.entrySet()) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> deltas = new ArrayList<>();
            List<Integer> veil = new ArrayList<>();
            List<Integer> firstFit = new ArrayList<>();
            List<Integer> spread = new ArrayList<>();
            long started = System.nanoTime();
            for (long seed = 1; seed <= seeds; seed++) {
                List<SessionSpec> sessions = workload.getValue().apply(seed);
                sizes.add(sessions.size());
                deltas.add(PoolReplay.delta(sessions));
                veil.add(PoolReplay.replay(sessions, PoolReplay::defaultName).poolSize());
                firstFit.add(PoolReplay.replay(sessions, FIRST_FIT, PoolReplay::defaultName).poolSize());
                spread.add(PoolReplay.replay(sessions, SPREAD, PoolReplay::defaultName).poolSize());
            }
            int delta = median(deltas);
            System.out.printf("%-36s %9d %5d %6d %5d [%d-%d] %10.2f %6d %9d %7.1f%n", workload.getKey(),
                    median(sizes), delta, 2 * delta - 1, median(veil), veil.stream().min(Integer::compare).orElseThrow(),
                    veil.stream().max(Integer::compare).orElseThrow(), (double) median(veil) / delta, median(firstFit),
                    median(spread), (System.nanoTime() - started) / 1e9);
        }
    }

    static int median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
