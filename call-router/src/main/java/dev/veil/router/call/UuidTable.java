package dev.veil.router.call;

import java.util.Arrays;

/**
 * A table keyed by uuids, each entry a few {@code long} fields, held in one {@code long} array: the per-call state of
 * {@link LiveCalls} without an object per call, so the collector has nothing per call to copy or scan.
 *
 * <p>A key is 128 bits: a canonical uuid (lower-case, as {@link java.util.UUID#toString()} writes it) is its own two
 * {@code long}s, exactly; any other text (a test's call "A") is hashed by two different 64-bit hashes, and two
 * such texts share a key only when both hashes collide. The nil uuid is hashed too, since the key 0, 0 marks an
 * empty slot. Open addressing with linear probing, at most half full, deletion by backward shift (no tombstones); the
 * array grows and shrinks with the entries. Not thread-safe: its owner locks.
 */
final class UuidTable {

    private static final int SMALLEST = 64;

    private final int stride;
    /** Per slot: key high, key low, then the fields. */
    private long[] slots;
    private int capacity = SMALLEST;
    private int size;

    /** A table whose entries have {@code fields} fields each. */
    UuidTable(int fields) {
        this.stride = 2 + fields;
        this.slots = new long[SMALLEST * stride];
    }

    /** The entry of this key, or -1. */
    int find(long high, long low) {
        int mask = capacity - 1;
        for (int slot = home(high, low, mask); !empty(slot); slot = (slot + 1) & mask) {
            if (slots[slot * stride] == high && slots[slot * stride + 1] == low) {
                return slot;
            }
        }
        return -1;
    }

    /** The entry of this key, added with its fields 0 when there was none. */
    int add(long high, long low) {
        int found = find(high, low);
        if (found >= 0) {
            return found;
        }
        if ((size + 1) * 2 > capacity) {
            resize(capacity * 2);
        }
        return insert(high, low);
    }

    /** Puts a key the table does not hold in its slot, with its fields 0; there is room. */
    private int insert(long high, long low) {
        int mask = capacity - 1;
        int slot = home(high, low, mask);
        while (!empty(slot)) {
            slot = (slot + 1) & mask;
        }
        slots[slot * stride] = high;
        slots[slot * stride + 1] = low;
        size++;
        return slot;
    }

    long get(int entry, int field) {
        return slots[entry * stride + 2 + field];
    }

    void set(int entry, int field, long value) {
        slots[entry * stride + 2 + field] = value;
    }

    /** Removes an entry, moving back the entries after it that probed past it. */
    void remove(int entry) {
        int mask = capacity - 1;
        int hole = entry;
        for (int i = (hole + 1) & mask; !empty(i); i = (i + 1) & mask) {
            int home = home(slots[i * stride], slots[i * stride + 1], mask);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                System.arraycopy(slots, i * stride, slots, hole * stride, stride);
                hole = i;
            }
        }
        Arrays.fill(slots, hole * stride, hole * stride + stride, 0);
        size--;
    }

    /** Removes every entry whose {@code field} is at most {@code limit}; shrinks the array when it got sparse. */
    void removeAtMost(int field, long limit) {
        for (int slot = 0; slot < capacity; ) {
            if (!empty(slot) && get(slot, field) <= limit) {
                // An entry after it may move into this slot: look at it again.
                remove(slot);
            } else {
                slot++;
            }
        }
        if (capacity > SMALLEST && size * 8 < capacity) {
            resize(Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, size * 4))));
        }
    }

    int size() {
        return size;
    }

    /** The first 64 bits of {@code key}'s 128. */
    static long high(String key) {
        return canonical(key) ? hex(key, 0, 8) << 32 | hex(key, 9, 13) << 16 | hex(key, 14, 18)
                : mix(hash(key, 0x9e3779b97f4a7c15L, 0x100000001b3L));
    }

    /** The last 64 bits of {@code key}'s 128. */
    static long low(String key) {
        return canonical(key) ? hex(key, 19, 23) << 48 | hex(key, 24, 36)
                : mix(hash(key, 0xc2b2ae3d27d4eb4fL, 0xff51afd7ed558ccdL)) | 1;
    }

    private boolean empty(int slot) {
        return slots[slot * stride] == 0 && slots[slot * stride + 1] == 0;
    }

    private void resize(int newCapacity) {
        long[] old = slots;
        int oldCapacity = capacity;
        slots = new long[newCapacity * stride];
        capacity = newCapacity;
        size = 0;
        for (int slot = 0; slot < oldCapacity; slot++) {
            long high = old[slot * stride];
            long low = old[slot * stride + 1];
            if (high != 0 || low != 0) {
                System.arraycopy(old, slot * stride + 2, slots, insert(high, low) * stride + 2, stride - 2);
            }
        }
    }

    /**
     * Which of {@code segments} tables (a power of two) holds this key, when the keys are split between tables: from
     * other bits of the key's mix than its slot in the table.
     */
    static int segmentOf(long high, long low, int segments) {
        return (int) mix(high ^ Long.rotateLeft(low, 29)) & (segments - 1);
    }

    private static int home(long high, long low, int mask) {
        return (int) (mix(high ^ Long.rotateLeft(low, 29)) >>> 32) & mask;
    }

    /** Lower-case 8-4-4-4-12 hex, not the nil uuid. */
    private static boolean canonical(String key) {
        if (key.length() != 36) {
            return false;
        }
        boolean zero = true;
        for (int i = 0; i < 36; i++) {
            char c = key.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            } else {
                zero &= c == '0';
            }
        }
        return !zero;
    }

    private static long hex(String key, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            if (key.charAt(i) != '-') {
                value = value << 4 | Character.digit(key.charAt(i), 16);
            }
        }
        return value;
    }

    private static long hash(String key, long seed, long multiplier) {
        long hash = seed;
        for (int i = 0; i < key.length(); i++) {
            hash = (hash ^ key.charAt(i)) * multiplier;
        }
        return hash ^ key.length();
    }

    /** The finaliser of SplitMix64: every bit of the result depends on every bit of {@code x}. */
    private static long mix(long x) {
        long z = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
