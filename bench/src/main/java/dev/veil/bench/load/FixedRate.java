package dev.veil.bench.load;

/**
 * The schedule of an open-loop fixed-rate run: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the requests before it. Latency is measured from that due time, not from when the request could
 * actually be sent, so a stalled system is charged for every request that queued behind the stall (no coordinated
 * omission).
 *
 * @param ratePerSecond requests per second
 * @param seconds       length of the run
 */
public record FixedRate(double ratePerSecond, double seconds) {

    public FixedRate {
        if (ratePerSecond <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
    }

    /** How many requests the run sends. */
    public long requests() {
        return Math.round(ratePerSecond * seconds);
    }

    /** Nanoseconds from the start at which request {@code i} (0-based) is due. */
    public long dueOffsetNanos(long i) {
        return Math.round(i * 1e9 / ratePerSecond);
    }

    /** How many requests are due by {@code elapsedNanos} after the start (never more than {@link #requests()}). */
    public long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        return Math.min(requests(), (long) Math.floor(elapsedNanos * ratePerSecond / 1e9) + 1);
    }
}
