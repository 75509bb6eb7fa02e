package dev.veil.router.carrier;

import java.time.Clock;
import java.time.Duration;

/**
 * The signature nonces seen within a window: a signed webhook replayed with its nonce is refused. Held in memory,
 * per replica (the answer path must not wait on a database); a replay sent to another replica within the window is
 * not caught, which the carrier's signature and the webhook log's idempotency make harmless (a replayed webhook
 * gets the same answer and has no second effect).
 *
 * <p>A window holds 1.2 million nonces at 2,000 webhooks a second over 10 minutes, so a nonce is kept as a 64-bit
 * fingerprint and its expiry in primitive arrays, not as objects: nothing per webhook survives a young collection
 * for the collector to copy. Two different nonces share a fingerprint with a chance of about 10⁻⁷ over a full
 * window; the later one would be refused as a replay. The arrays are an open-addressing table (linear probing) and a
 * ring in the order nonces were remembered, from which they are forgotten oldest first: forgetting costs what
 * expired, never a walk over the window. Both grow and shrink with the window's nonces.
 *
 * <p>The nonces are split by fingerprint in {@value #SEGMENTS} windows of their own, each its own lock: growing one
 * window's arrays holds up only the webhooks of that window, for a fraction of a millisecond (growing a single table
 * of a quarter of a million entries takes tens of milliseconds, during which no webhook would be answered).
 */
final class Nonces {

    private static final int SEGMENTS = 64;
    private static final long EMPTY = 0;

    private final Clock clock;
    private final long windowMillis;
    private final Window[] windows = new Window[SEGMENTS];

    Nonces(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        for (int i = 0; i < SEGMENTS; i++) {
            windows[i] = new Window();
        }
    }

    /** Whether this is the first time {@code nonce} is seen within the window; remembers it. */
    boolean firstUse(String nonce) {
        long fingerprint = fingerprint(nonce);
        Window window = windows[(int) (mixed(fingerprint) >>> 58)];
        synchronized (window) {
            return window.firstUse(fingerprint, clock.millis(), windowMillis);
        }
    }

    /** The nonces within the window. */
    int size() {
        long now = clock.millis();
        int size = 0;
        for (Window window : windows) {
            synchronized (window) {
                window.forgetExpired(now);
                size += window.size;
            }
        }
        return size;
    }

    /** The nonces of one segment: a table of fingerprints and their expiries, and a ring in the order remembered. */
    private static final class Window {

        private static final int SMALLEST = 64;

        /** Fingerprint per slot ({@link #EMPTY} for none) and its expiry, epoch millis; at most half full. */
        private long[] fingerprints = new long[SMALLEST];
        private long[] expiries = new long[SMALLEST];
        private int size;
        /** The fingerprints remembered, with their expiries, oldest at {@link #head}: a ring of {@link #queued}. */
        private long[] queuedFingerprints = new long[SMALLEST];
        private long[] queuedExpiries = new long[SMALLEST];
        private int head;
        private int queued;

        boolean firstUse(long fingerprint, long now, long windowMillis) {
            forgetExpired(now);
            int slot = slotOf(fingerprint);
            // A nonce older than the window is new again (the clock went back before it was forgotten).
            if (slot >= 0 && expiries[slot] >= now) {
                return false;
            }
            long expiry = now + windowMillis;
            if (slot >= 0) {
                expiries[slot] = expiry;
            } else {
                insert(fingerprint, expiry);
            }
            enqueue(fingerprint, expiry);
            return true;
        }

        void forgetExpired(long now) {
            int mask = queuedFingerprints.length - 1;
            while (queued > 0 && queuedExpiries[head] < now) {
                int slot = slotOf(queuedFingerprints[head]);
                // Only that use: a nonce remembered again later is further down the ring, with its own expiry.
                if (slot >= 0 && expiries[slot] == queuedExpiries[head]) {
                    delete(slot);
                }
                head = (head + 1) & mask;
                queued--;
            }
            if (fingerprints.length > SMALLEST && size * 8 < fingerprints.length) {
                rehash(fingerprints.length / 2);
            }
            if (queuedFingerprints.length > SMALLEST && queued * 8 < queuedFingerprints.length) {
                resizeRing(queuedFingerprints.length / 2);
            }
        }

        private int slotOf(long fingerprint) {
            int mask = fingerprints.length - 1;
            for (int slot = home(fingerprint, mask); fingerprints[slot] != EMPTY; slot = (slot + 1) & mask) {
                if (fingerprints[slot] == fingerprint) {
                    return slot;
                }
            }
            return -1;
        }

        private void insert(long fingerprint, long expiry) {
            if ((size + 1) * 2 > fingerprints.length) {
                rehash(fingerprints.length * 2);
            }
            int mask = fingerprints.length - 1;
            int slot = home(fingerprint, mask);
            while (fingerprints[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            fingerprints[slot] = fingerprint;
            expiries[slot] = expiry;
            size++;
        }

        /** Empties {@code slot}, moving back the entries after it that probed past it (no tombstones). */
        private void delete(int slot) {
            int mask = fingerprints.length - 1;
            int hole = slot;
            for (int i = (hole + 1) & mask; fingerprints[i] != EMPTY; i = (i + 1) & mask) {
                int home = home(fingerprints[i], mask);
                if (((i - home) & mask) >= ((i - hole) & mask)) {
                    fingerprints[hole] = fingerprints[i];
                    expiries[hole] = expiries[i];
                    hole = i;
                }
            }
            fingerprints[hole] = EMPTY;
            size--;
        }

        private void rehash(int capacity) {
            long[] oldFingerprints = fingerprints;
            long[] oldExpiries = expiries;
            fingerprints = new long[capacity];
            expiries = new long[capacity];
            size = 0;
            for (int i = 0; i < oldFingerprints.length; i++) {
                if (oldFingerprints[i] != EMPTY) {
                    insert(oldFingerprints[i], oldExpiries[i]);
                }
            }
        }

        private void enqueue(long fingerprint, long expiry) {
            if (queued == queuedFingerprints.length) {
                resizeRing(queuedFingerprints.length * 2);
            }
            int tail = (head + queued) & (queuedFingerprints.length - 1);
            queuedFingerprints[tail] = fingerprint;
            queuedExpiries[tail] = expiry;
            queued++;
        }

        private void resizeRing(int capacity) {
            long[] newFingerprints = new long[capacity];
            long[] newExpiries = new long[capacity];
            int mask = queuedFingerprints.length - 1;
            for (int i = 0; i < queued; i++) {
                newFingerprints[i] = queuedFingerprints[(head + i) & mask];
                newExpiries[i] = queuedExpiries[(head + i) & mask];
            }
            queuedFingerprints = newFingerprints;
            queuedExpiries = newExpiries;
            head = 0;
        }
    }

    /** FNV-1a, 64 bits, never {@link #EMPTY}. */
    private static long fingerprint(String nonce) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < nonce.length(); i++) {
            hash = (hash ^ nonce.charAt(i)) * 0x100000001b3L;
        }
        return hash == EMPTY ? 1 : hash;
    }

    private static int home(long fingerprint, int mask) {
        return (int) (mixed(fingerprint) >>> 32) & mask;
    }

    /** The fingerprint's bits spread: its slot in a window from the middle bits, its window from the top ones. */
    private static long mixed(long fingerprint) {
        return fingerprint * 0x9e3779b97f4a7c15L;
    }
}
