package dev.veil.bench.load;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends requests on a {@link FixedRate} schedule from one dispatching thread and records each one's latency, from
 * its due time to its completion, in an HdrHistogram (microseconds, 3 significant digits). Requests are
 * asynchronous; at most {@code maxInFlight} are outstanding — beyond that the dispatcher waits, and the requests it
 * sends late are still measured from their due times. A request that fails, answers wrongly or has not completed
 * by the drain deadline is an error (an unfinished one is recorded at the deadline).
 */
public final class OpenLoopDriver {

    /**
     * One request of the run, started by the call, given its index and due time ({@link System#nanoTime()}); it
     * completes with an error description, or null when it passed.
     */
    @FunctionalInterface
    public interface Request {
        CompletableFuture<String> send(long index, long dueNanos);
    }

    /**
     * What a run measured.
     *
     * @param schedule  the planned rate and duration
     * @param sent      requests sent
     * @param errors    requests that failed, answered wrongly or did not complete
     * @param latency   latency from due time, microseconds, of every request sent (errors included)
     * @param elapsed   seconds from the start until the last request completed
     * @param errorKinds error descriptions and how often each occurred
     */
    public record Result(FixedRate schedule, long sent, long errors, Histogram latency, double elapsed,
            Map<String, Long> errorKinds) {

        /**
         * Requests completed without error per second. A run that kept up (its last response came within a second
         * of the end of its schedule) is divided by its scheduled duration, otherwise by the time until its last
         * response.
         */
        public double throughput() {
            double window = elapsed <= schedule.seconds() + 1.0 ? schedule.seconds() : elapsed;
            return (sent - errors) / window;
        }
    }

    private final int maxInFlight;
    private final long drainNanos;

    public OpenLoopDriver(int maxInFlight, long drainSeconds) {
        this.maxInFlight = maxInFlight;
        this.drainNanos = TimeUnit.SECONDS.toNanos(drainSeconds);
    }

    public Result run(FixedRate schedule, Request request) throws InterruptedException {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long total = schedule.requests();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < total; i++) {
            long due = start + schedule.dueOffsetNanos(i);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            CompletableFuture<String> response;
            try {
                response = request.send(i, due);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((error, failure) -> {
                long now = System.nanoTime();
                String kind = failure != null ? failure.getClass().getSimpleName() : error;
                synchronized (latency) {
                    latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                            Math.max(0, (now - due) / 1000)));
                }
                if (kind != null) {
                    errors.incrementAndGet();
                    errorKinds.merge(kind, 1L, Long::sum);
                }
                lastCompletion.accumulateAndGet(now, Math::max);
                completed.incrementAndGet();
                inFlight.release();
            });
        }
        long deadline = System.nanoTime() + drainNanos;
        while (completed.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long unfinished = total - completed.get();
        long end = Math.max(lastCompletion.get(), start);
        Histogram result;
        synchronized (latency) {
            if (unfinished > 0) {
                long at = (System.nanoTime() - start) / 1000;
                latency.recordValueWithCount(Math.min(latency.getHighestTrackableValue(), at), unfinished);
                errorKinds.merge("unfinished", unfinished, Long::sum);
                end = System.nanoTime();
            }
            result = latency.copy();
        }
        return new Result(schedule, total, errors.get() + unfinished, result, (end - start) / 1e9,
                Map.copyOf(errorKinds));
    }
}
