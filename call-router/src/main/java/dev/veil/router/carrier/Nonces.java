package dev.veil.router.carrier;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signature nonces seen within a window: a signed webhook replayed with its nonce is refused. Held in memory,
 * per replica (the answer path must not wait on a database); a replay sent to another replica within the window is
 * not caught, which the carrier's signature and the webhook log's idempotency make harmless (a replayed webhook
 * gets the same answer and has no second effect).
 */
final class Nonces {

    private final Clock clock;
    private final long windowMillis;
    /** Nonce to when it expires, epoch millis. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    Nonces(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    /** Whether this is the first time {@code nonce} is seen within the window; remembers it. */
    boolean firstUse(String nonce) {
        long now = clock.millis();
        sweep(now);
        Long previous = seen.putIfAbsent(nonce, now + windowMillis);
        if (previous == null) {
            return true;
        }
        // A nonce older than the window is new again (it was not swept yet).
        return previous < now && seen.replace(nonce, previous, now + windowMillis);
    }

    int size() {
        return seen.size();
    }

    /** Forgets expired nonces, at most once a second, on the thread that finds it due. */
    private void sweep(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + 1000)) {
            seen.values().removeIf(expiry -> expiry < now);
        }
    }
}
