package dev.veil.allocation.simulation;

/**
 * One session of a workload: two parties (opaque ids), when it starts and expires, and its cool-off period. It
 * holds its bindings from {@code start} until {@code end + cooloff}.
 */
record SessionSpec(String first, String second, long start, long end, long cooloff) {

    SessionSpec {
        if (first.equals(second) || end < start || cooloff < 0) {
            throw new IllegalArgumentException("invalid session " + first + "-" + second + " " + start + ".." + end);
        }
    }

    /** When the bindings are released: the end of the cool-off period. */
    long releasedAt() {
        return end + cooloff;
    }
}
