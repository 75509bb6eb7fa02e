package dev.veil.router.carrier;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The signature nonces seen within a window: a signed webhook replayed with its nonce is refused. Held in memory,
 * per replica (the answer path must not wait on a database); a replay sent to another replica within the window is
 * not caught, which the carrier's signature and the webhook log's idempotency make harmless (a replayed webhook
 * gets the same answer and has no second effect).
 *
 * <p>Nonces are forgotten oldest first, from a queue in the order they were remembered, so forgetting costs what
 * expired and never a walk over the window's nonces (1.2 million at 2,000 webhooks a second over 10 minutes), which
 * would stall the webhook's event loop.
 */
final class Nonces {

    /** A nonce remembered until {@code expiresAtMillis}, epoch millis. */
    private record Seen(String nonce, long expiresAtMillis) {
    }

    private final Clock clock;
    private final long windowMillis;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** What {@link #seen} holds, in the order it was remembered: by expiry (but for uses in the same instant). */
    private final Queue<Seen> byExpiry = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    Nonces(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    /** Whether this is the first time {@code nonce} is seen within the window; remembers it. */
    boolean firstUse(String nonce) {
        long now = clock.millis();
        sweep(now);
        Seen mine = new Seen(nonce, now + windowMillis);
        Seen previous = seen.putIfAbsent(nonce, mine);
        // A nonce older than the window is new again (it was not swept yet).
        if (previous == null || previous.expiresAtMillis() < now && seen.replace(nonce, previous, mine)) {
            byExpiry.add(mine);
            return true;
        }
        return false;
    }

    int size() {
        return seen.size();
    }

    /** Forgets the expired nonces at the head of the queue, on the thread that finds none sweeping. */
    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            Seen oldest;
            while ((oldest = byExpiry.peek()) != null && oldest.expiresAtMillis() < now) {
                byExpiry.poll();
                // Only that use: a nonce used again after it expired is remembered anew, further down the queue.
                seen.remove(oldest.nonce(), oldest);
            }
        } finally {
            sweeping.set(false);
        }
    }
}
