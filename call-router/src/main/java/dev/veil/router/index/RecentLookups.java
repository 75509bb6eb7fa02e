package dev.veil.router.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each virtual number's recent sessions were last asked of session-service, so they are asked at most once per
 * number per {@link #INTERVAL}: callers who are no party arrive in floods when someone dials numbers at random, and
 * that must not turn into a load on session-service. Bounded: at most {@link #CAPACITY} numbers are remembered,
 * beyond which no number is asked until the oldest entries age out (so at most that many lookups per interval in
 * all).
 */
final class RecentLookups {

    /** How long after asking for a number's recent sessions it is not asked again. */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Most numbers remembered at once. */
    static final int CAPACITY = 10_000;

    private final Clock clock;
    /** Virtual number (E.164) to when it was last asked, oldest first. */
    private final LinkedHashMap<String, Instant> asked = new LinkedHashMap<>();

    RecentLookups(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code virtualNumber}'s recent sessions may be asked now; if so, the lookup is remembered. */
    synchronized boolean tryStart(String virtualNumber) {
        Instant now = clock.instant();
        Instant forgetBefore = now.minus(INTERVAL);
        Iterator<Map.Entry<String, Instant>> oldestFirst = asked.entrySet().iterator();
        while (oldestFirst.hasNext() && !oldestFirst.next().getValue().isAfter(forgetBefore)) {
            oldestFirst.remove();
        }
        // What is left was asked within the interval (entries are added in time order, never updated).
        if (asked.containsKey(virtualNumber) || asked.size() >= CAPACITY) {
            return false;
        }
        asked.put(virtualNumber, now);
        return true;
    }
}
