package dev.veil.allocation.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Workloads for the allocation simulation, generated from a seed: arrivals over time with their expiries and
 * cool-off periods. Times are seconds. Each generator keeps its own concurrency limits on the sessions a party
 * holds (live plus cooling), which is what the reuse rule sees.
 */
final class Workloads {

    private Workloads() {
    }

    /**
     * Food delivery: {@code couriers} couriers, each holding up to 10 orders at once (one session per order with
     * its customer), customers mostly with one order, 15% of orders from a customer who already has one or two
     * with other couriers. Orders last 20–60 minutes plus 2 minutes of cool-off; arrivals keep the couriers' capacity
     * about 90% used for {@code hours}.
     */
    static List<SessionSpec> foodDelivery(long seed, int couriers, int hours) {
        Random random = new Random(seed);
        int capacity = 10;
        long cooloff = 120;
        double meanHolding = 40 * 60 + cooloff;
        double rate = couriers * capacity * 0.9 / meanHolding;
        Load load = new Load();
        List<String> repeatable = new ArrayList<>();
        List<SessionSpec> sessions = new ArrayList<>();
        int customers = 0;
        for (long t = 0; t < hours * 3600L; t += exponential(random, rate)) {
            load.expire(t);
            String customer = null;
            if (random.nextDouble() < 0.15) {
                repeatable.removeIf(c -> load.holding(c) == 0 || load.holding(c) >= 3);
                if (!repeatable.isEmpty()) {
                    customer = repeatable.get(random.nextInt(repeatable.size()));
                }
            }
            if (customer == null) {
                customer = "customer-" + customers++;
            }
            String courier = null;
            for (int tries = 0; tries < 20 && courier == null; tries++) {
                String candidate = "courier-" + random.nextInt(couriers);
                if (load.holding(candidate) < capacity && !load.together(candidate, customer)) {
                    courier = candidate;
                }
            }
            if (courier == null) {
                continue;
            }
            long end = t + 20 * 60 + random.nextInt(40 * 60);
            sessions.add(load.add(new SessionSpec(courier, customer, t, end, cooloff)));
            repeatable.add(customer);
        }
        return sessions;
    }

    /**
     * Ride-hailing: {@code drivers} drivers chaining rides for {@code hours}; each ride is a session with a new
     * rider lasting 8–30 minutes, the next ride booked up to 5 minutes before the current one ends (so a driver
     * holds two sessions then), with 5 minutes of cool-off and sometimes an idle gap between rides.
     */
    static List<SessionSpec> rideHailing(long seed, int drivers, int hours) {
        Random random = new Random(seed);
        long cooloff = 300;
        List<SessionSpec> sessions = new ArrayList<>();
        int riders = 0;
        for (int d = 0; d < drivers; d++) {
            String driver = "driver-" + d;
            long t = random.nextInt(3600);
            while (t < hours * 3600L) {
                long end = t + 8 * 60 + random.nextInt(22 * 60);
                sessions.add(new SessionSpec(driver, "rider-" + riders++, t, end, cooloff));
                t = random.nextDouble() < 0.7 ? end - random.nextInt(5 * 60) : end + random.nextInt(20 * 60);
            }
        }
        sessions.sort(Comparator.comparingLong(SessionSpec::start));
        return sessions;
    }

    /**
     * Marketplace: {@code sellers} sellers whose popularity follows a Zipf law, each answering up to 25
     * conversations at once (a buyer asking a busy seller asks the next popular one), buyers talking to several
     * sellers at once (up to 6; half of the conversations come from a buyer who already has one), conversations
     * lasting 30 minutes to 4 hours without cool-off; a pair already talking never opens a second session.
     * Arrivals keep about {@code sellers * 8} conversations live for {@code hours}.
     */
    static List<SessionSpec> marketplace(long seed, int sellers, int hours) {
        Random random = new Random(seed);
        double[] cumulative = new double[sellers];
        double sum = 0;
        for (int i = 0; i < sellers; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        double meanHolding = (30 + 240) / 2.0 * 60;
        double rate = sellers * 8 / meanHolding;
        Load load = new Load();
        List<String> active = new ArrayList<>();
        List<SessionSpec> sessions = new ArrayList<>();
        int buyers = 0;
        for (long t = 0; t < hours * 3600L; t += exponential(random, rate)) {
            load.expire(t);
            double pick = random.nextDouble() * sum;
            int index = 0;
            while (cumulative[index] < pick) {
                index++;
            }
            while (index < sellers && load.holding("seller-" + index) >= 25) {
                index++;
            }
            if (index == sellers) {
                continue;
            }
            String seller = "seller-" + index;
            String buyer = null;
            if (random.nextBoolean()) {
                active.removeIf(b -> load.holding(b) == 0 || load.holding(b) >= 6);
                if (!active.isEmpty()) {
                    buyer = active.get(random.nextInt(active.size()));
                }
            }
            if (buyer == null) {
                buyer = "buyer-" + buyers++;
            }
            if (load.together(buyer, seller)) {
                continue;
            }
            long end = t + 30 * 60 + random.nextInt(210 * 60);
            sessions.add(load.add(new SessionSpec(seller, buyer, t, end, 0)));
            active.add(buyer);
        }
        return sessions;
    }

    /**
     * An adversarial sequence for any allocator that always takes an admissible number (no departures needed):
     * A is given Δ−1 sessions; then, Δ−1 times, a fresh party y takes Δ−1 sessions with fresh partners, which the
     * allocator puts on the numbers A holds (they are the busiest), and a session (B, y) must then go to a number
     * neither A nor y holds; finally (A, B) is blocked by A's Δ−1 and B's Δ−1 numbers. No deterministic online
     * allocator is safe from such sequences (the 2Δ−1 greedy bound is tight online), so this shows the bound holds
     * and is reached, not that Veil beats it.
     */
    static List<SessionSpec> adversarial(int delta) {
        List<SessionSpec> sessions = new ArrayList<>();
        long end = 1_000_000;
        int fresh = 0;
        for (int i = 0; i < delta - 1; i++) {
            sessions.add(new SessionSpec("A", "x-" + fresh++, sessions.size(), end, 0));
        }
        for (int j = 0; j < delta - 1; j++) {
            String y = "y-" + j;
            for (int k = 0; k < delta - 1; k++) {
                sessions.add(new SessionSpec(y, "z-" + fresh++, sessions.size(), end, 0));
            }
            sessions.add(new SessionSpec("B", y, sessions.size(), end, 0));
        }
        sessions.add(new SessionSpec("A", "B", sessions.size(), end, 0));
        return sessions;
    }

    private static long exponential(Random random, double rate) {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / rate));
    }

    /** The sessions each party holds at the generator's current time, to respect concurrency limits. */
    private static final class Load {
        private final java.util.PriorityQueue<SessionSpec> byRelease =
                new java.util.PriorityQueue<>(Comparator.comparingLong(SessionSpec::releasedAt));
        private final Map<String, Integer> holding = new HashMap<>();
        private final Set<String> pairs = new HashSet<>();

        SessionSpec add(SessionSpec session) {
            byRelease.add(session);
            holding.merge(session.first(), 1, Integer::sum);
            holding.merge(session.second(), 1, Integer::sum);
            pairs.add(session.first() + "|" + session.second());
            return session;
        }

        void expire(long now) {
            while (!byRelease.isEmpty() && byRelease.peek().releasedAt() <= now) {
                SessionSpec done = byRelease.poll();
                holding.merge(done.first(), -1, Integer::sum);
                holding.merge(done.second(), -1, Integer::sum);
                pairs.remove(done.first() + "|" + done.second());
            }
        }

        int holding(String party) {
            return holding.getOrDefault(party, 0);
        }

        /** Whether the two hold a session together now (either order). */
        boolean together(String a, String b) {
            return pairs.contains(a + "|" + b) || pairs.contains(b + "|" + a);
        }
    }
}
