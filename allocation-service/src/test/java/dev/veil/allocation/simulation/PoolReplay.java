package dev.veil.allocation.simulation;

import dev.veil.allocation.reservation.PackingStrategy;
import dev.veil.allocation.reservation.PackingStrategy.Candidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Replays a workload through the allocation rule in memory: a session may take a virtual number only if neither
 * party holds it in another session (live or cooling), and among the admissible numbers the order decides — by
 * default {@link PackingStrategy#ORDER}, the very comparator the service's allocator sorts its candidates with, so
 * the replay chooses as the service does (shown by {@code ReplayMatchesServiceTests}). The pool starts empty and
 * grows by one number whenever no number is admissible; since the order depends only on load and number, the final
 * size is the smallest pool with which the whole workload allocates without a failure (see
 * {@link PackingStrategy}).
 */
final class PoolReplay {

    /**
     * One step of a replay, in time order: session {@code index} is allocated ({@code release} false) or releases its
     * bindings. At equal times releases come first (a session ending at t frees its numbers for one starting at t),
     * then sessions in list order.
     */
    record Step(int index, boolean release) {
    }

    /**
     * What a replay needed.
     *
     * @param poolSize the numbers the pool grew to
     * @param numbers  the number each session got, by index in the workload
     */
    record Result(int poolSize, List<String> numbers) {
    }

    private PoolReplay() {
    }

    /** The steps of a workload in the order they happen. */
    static List<Step> steps(List<SessionSpec> sessions) {
        record Timed(long time, int kind, int index) {
        }
        List<Timed> timed = new ArrayList<>(sessions.size() * 2);
        for (int i = 0; i < sessions.size(); i++) {
            timed.add(new Timed(sessions.get(i).start(), 1, i));
            timed.add(new Timed(sessions.get(i).releasedAt(), 0, i));
        }
        timed.sort(Comparator.comparingLong(Timed::time).thenComparingInt(Timed::kind)
                .thenComparingInt(Timed::index));
        return timed.stream().map(t -> new Step(t.index(), t.kind() == 0)).toList();
    }

    /** Δ: the most sessions any one party holds at the same time (cool-off included), the pool's lower bound. */
    static int delta(List<SessionSpec> sessions) {
        Map<String, Integer> holding = new HashMap<>();
        int delta = 0;
        for (Step step : steps(sessions)) {
            SessionSpec s = sessions.get(step.index());
            for (String party : List.of(s.first(), s.second())) {
                int now = holding.merge(party, step.release() ? -1 : 1, Integer::sum);
                delta = Math.max(delta, now);
            }
        }
        return delta;
    }

    /** Replays with Veil's order and numbers named by {@code name} (index in the pool, from 0). */
    static Result replay(List<SessionSpec> sessions, IntFunction<String> name) {
        return replay(sessions, PackingStrategy.ORDER, name);
    }

    /** Replays with another order, to compare strategies. */
    static Result replay(List<SessionSpec> sessions, Comparator<Candidate> order, IntFunction<String> name) {
        List<String> pool = new ArrayList<>();
        Map<String, Set<String>> bound = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        String[] numbers = new String[sessions.size()];
        for (Step step : steps(sessions)) {
            SessionSpec s = sessions.get(step.index());
            if (step.release()) {
                String number = numbers[step.index()];
                bound.get(number).remove(s.first());
                bound.get(number).remove(s.second());
                load.merge(number, -1, Integer::sum);
                continue;
            }
            Candidate best = null;
            for (String number : pool) {
                Set<String> parties = bound.get(number);
                if (parties.contains(s.first()) || parties.contains(s.second())) {
                    continue;
                }
                Candidate candidate = new Candidate(number, load.get(number));
                if (best == null || order.compare(candidate, best) < 0) {
                    best = candidate;
                }
            }
            String number;
            if (best == null) {
                number = name.apply(pool.size());
                pool.add(number);
                bound.put(number, new HashSet<>());
                load.put(number, 0);
            } else {
                number = best.number();
            }
            numbers[step.index()] = number;
            bound.get(number).add(s.first());
            bound.get(number).add(s.second());
            load.merge(number, 1, Integer::sum);
        }
        return new Result(pool.size(), List.of(numbers));
    }

    /** Names numbers so that their order is the pool's order: same length, zero-padded. */
    static String defaultName(int index) {
        return "+1202555%04d".formatted(index);
    }
}
