package dev.veil.allocation.reservation;

import dev.veil.allocation.AllocationProperties;
import dev.veil.allocation.RejectedRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Reserves a virtual number (VN) for a new session under the reuse rule: a VN may host (A, B) only if neither A
 * nor B is bound to it in another live session. The rule is enforced by the primary key of {@code bindings}; the
 * candidate query only avoids attempts that are sure to fail. When a concurrent allocation binds one of the same
 * parties to a candidate first, the insert fails on that key and the next candidate is tried.
 *
 * <p>Strategy: among the admissible VNs, the one already hosting the most live sessions, ties broken by number.
 * Packing sessions onto few numbers leaves the other numbers with no bindings at all, so a party who later needs
 * many simultaneous sessions still finds numbers free of its counterparts. Spreading sessions evenly would bind
 * some party to nearly every number and make the pool look exhausted long before it is. Any admissible choice
 * stays within Plivo's 2Δ−1 bound; packing is what keeps real workloads close to Δ.
 *
 * <p>Requests are idempotent per session uuid: a repeat answers the existing allocation. Causes no event; the
 * allocation is confirmed or released by session events (see {@code dev.veil.allocation.lifecycle}).
 */
@Component
public class Allocator {

    static final String EXHAUSTED = "Number pool exhausted or not available.";

    private static final Logger log = LoggerFactory.getLogger(Allocator.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final int maxAttempts;
    private final Counter allocated;
    private final Counter repeated;
    private final Counter exhausted;
    private final Counter noCountry;
    private final Counter collisions;

    Allocator(DatabaseClient db, TransactionalOperator tx, Clock clock, AllocationProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = properties.maxAttempts();
        this.allocated = outcome(meters, "allocated");
        this.repeated = outcome(meters, "repeated");
        this.exhausted = outcome(meters, "exhausted");
        this.noCountry = outcome(meters, "no_country");
        this.collisions = Counter.builder("veil.allocations.collisions")
                .description("Allocation attempts lost to a concurrent allocation binding the same party first")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("veil.allocations").tag("outcome", outcome)
                .description("Allocation requests by outcome").register(meters);
    }

    /**
     * The session's allocation: a new reservation, or the existing one when the session asked before.
     *
     * @return the allocation and whether this call created it
     * @throws RejectedRequestException (as the Mono's error) 400 when no VN can take the session, 404 when geomatch
     *                                  finds no VN of the account in the first party's country, 409 when the session
     *                                  uuid was allocated for another account or other parties
     */
    Mono<Reserved> allocate(AllocationCommand command) {
        return existing(command)
                .map(allocation -> new Reserved(allocation, false))
                .switchIfEmpty(Mono.defer(() -> reserve(command)))
                .doOnNext(r -> (r.created() ? allocated : repeated).increment());
    }

    /** An allocation and whether this request created it (201) or found it (200). */
    record Reserved(Allocation allocation, boolean created) {
    }

    private Mono<Allocation> existing(AllocationCommand command) {
        return db.sql("""
                        SELECT a.account_id, a.virtual_number, a.status,
                               coalesce(array_agg(b.binding) FILTER (WHERE b.binding IS NOT NULL), '{}') AS bindings
                        FROM allocations a LEFT JOIN bindings b ON b.session_uuid = a.session_uuid
                        WHERE a.session_uuid = :session
                        GROUP BY a.session_uuid""")
                .bind("session", command.sessionUuid())
                .map(row -> {
                    AllocationStatus status = AllocationStatus.fromWireName(row.get("status", String.class));
                    boolean sameAccount = command.accountId().equals(row.get("account_id", String.class));
                    // A released allocation no longer holds its bindings, so only the account can be compared.
                    boolean sameParties = status == AllocationStatus.RELEASED
                            || Set.of(row.get("bindings", String[].class))
                                    .equals(Set.of(command.firstBinding(), command.secondBinding()));
                    if (!sameAccount || !sameParties) {
                        throw new RejectedRequestException(HttpStatus.CONFLICT,
                                "session_uuid is already allocated for a different request.");
                    }
                    return new Allocation(command.sessionUuid(), row.get("virtual_number", String.class), status);
                })
                .one();
    }

    private Mono<Reserved> reserve(AllocationCommand command) {
        return candidates(command).collectList().flatMap(candidates -> candidates.isEmpty()
                ? nothingAdmissible(command)
                : attempt(command, candidates, 0));
    }

    /** Admissible VNs in the order of the strategy, at most {@code maxAttempts} of them. */
    private Flux<String> candidates(AllocationCommand command) {
        String country = command.geomatch() ? "AND v.country = :country" : "";
        var spec = db.sql("""
                        SELECT v.number, count(a.session_uuid) AS live
                        FROM virtual_numbers v
                        LEFT JOIN allocations a ON a.virtual_number = v.number AND a.status <> 'released'
                        WHERE v.account_id = :account AND v.status = 'active' %s
                          AND NOT EXISTS (SELECT 1 FROM bindings b
                                          WHERE b.virtual_number = v.number AND b.binding IN (:first, :second))
                        GROUP BY v.number
                        ORDER BY live DESC, v.number
                        LIMIT :limit""".formatted(country))
                .bind("account", command.accountId())
                .bind("first", command.firstBinding())
                .bind("second", command.secondBinding())
                .bind("limit", maxAttempts);
        if (command.geomatch()) {
            spec = spec.bind("country", command.firstParty().country());
        }
        return spec.map(row -> row.get("number", String.class)).all();
    }

    private Mono<Reserved> attempt(AllocationCommand command, List<String> candidates, int index) {
        if (index == candidates.size()) {
            return exhausted(command);
        }
        String number = candidates.get(index);
        return tx.transactional(take(command, number))
                .onErrorResume(DuplicateKeyException.class, e -> {
                    collisions.increment();
                    log.debug("session {} lost candidate {} to a concurrent allocation", command.sessionUuid(),
                            number);
                    return attempt(command, candidates, index + 1);
                });
    }

    /**
     * Reserves {@code number} for the session in the current transaction. Fails with {@link DuplicateKeyException}
     * when a party is bound to it already, which rolls the whole attempt back.
     */
    private Mono<Reserved> take(AllocationCommand command, String number) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return db.sql("""
                        INSERT INTO allocations (session_uuid, account_id, virtual_number, status, reserved_at)
                        VALUES (:session, :account, :number, 'reserved', :now)
                        ON CONFLICT (session_uuid) DO NOTHING""")
                .bind("session", command.sessionUuid())
                .bind("account", command.accountId())
                .bind("number", number)
                .bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0
                        // The same session was allocated concurrently and committed first: answer that one.
                        ? existing(command).map(allocation -> new Reserved(allocation, false))
                        : db.sql("""
                                        INSERT INTO bindings (virtual_number, binding, session_uuid)
                                        VALUES (:number, :first, :session), (:number, :second, :session)""")
                                .bind("number", number)
                                .bind("first", command.firstBinding())
                                .bind("second", command.secondBinding())
                                .bind("session", command.sessionUuid())
                                .then()
                                .thenReturn(new Reserved(
                                        new Allocation(command.sessionUuid(), number, AllocationStatus.RESERVED),
                                        true)));
    }

    private Mono<Reserved> nothingAdmissible(AllocationCommand command) {
        if (!command.geomatch()) {
            return exhausted(command);
        }
        String country = command.firstParty().country();
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM virtual_numbers
                                       WHERE account_id = :account AND country = :country AND status = 'active')""")
                .bind("account", command.accountId())
                .bind("country", country)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one()
                .flatMap(any -> {
                    if (any) {
                        return exhausted(command);
                    }
                    noCountry.increment();
                    return Mono.error(new RejectedRequestException(HttpStatus.NOT_FOUND,
                            "No compatible virtual numbers found for country code " + country));
                });
    }

    private Mono<Reserved> exhausted(AllocationCommand command) {
        exhausted.increment();
        log.info("no virtual number can take session {} of account {} ({} and {})", command.sessionUuid(),
                command.accountId(), command.firstParty().redacted(), command.secondParty().redacted());
        return Mono.error(RejectedRequestException.badRequest(EXHAUSTED));
    }
}
