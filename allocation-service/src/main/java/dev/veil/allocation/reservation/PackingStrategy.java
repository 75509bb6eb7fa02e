package dev.veil.allocation.reservation;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which the allocator tries the admissible virtual numbers (VNs) for a new session: the VN holding the
 * most live sessions first, ties broken by the number (so the choice is deterministic and the pool fills from its
 * lowest numbers). The allocator and the allocation simulation both order candidates with this class, so what the
 * simulation measures is what the service does.
 *
 * <p>Why this packs well. The reuse rule is an edge-colouring constraint: parties are vertices, a live session is an
 * edge between its two parties, a VN is a colour, and no vertex may have two live edges of one colour. The fewest
 * colours any allocator can need is Δ, the most simultaneous sessions of one party; any admissible ("greedy") choice
 * needs at most 2Δ−1, because a new edge (A, B) is blocked only by A's other Δ−1 and B's other Δ−1 colours — the
 * figure Plivo tells customers to rent. Where in between an allocator lands depends on how much the colour sets of
 * neighbouring parties overlap: a new session fails only when the VNs of A and those of B together cover the pool.
 * Giving the session a VN that already hosts many sessions adds that VN to A's and B's sets where it is most likely
 * already in the sets of their future counterparts (a busy VN is already barred for many parties), so the union that
 * future sessions must avoid grows least. It also keeps the other VNs entirely free, and a party with a burst of
 * sessions (a courier taking ten orders) finds them free of its counterparts. Spreading the load evenly does the
 * opposite: it binds some party to nearly every VN, and a pool of 2Δ−1 is then really needed. The simulation under
 * {@code src/test/java/dev/veil/allocation/simulation} measures the result on delivery, ride-hailing and
 * marketplace workloads against Δ and 2Δ−1.
 *
 * <p>Because only load and number decide, a pool grown one VN at a time when an allocation fails ends at exactly the
 * smallest pool with which the whole workload allocates: with fewer VNs the same choices are made until the first
 * allocation that needed the missing one.
 */
public final class PackingStrategy {

    /** An admissible VN and how many live (reserved, confirmed or cooling) sessions it holds. */
    public record Candidate(String number, long liveSessions) {
    }

    /** Most live sessions first, then by number in code point order (as Postgres's "C" collation). */
    public static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::liveSessions).reversed()
            .thenComparing(Candidate::number);

    private PackingStrategy() {
    }

    /** The numbers of {@code candidates} in the order to try them, at most {@code limit}. */
    public static List<String> order(List<Candidate> candidates, int limit) {
        return candidates.stream().sorted(ORDER).limit(limit).map(Candidate::number).toList();
    }
}
