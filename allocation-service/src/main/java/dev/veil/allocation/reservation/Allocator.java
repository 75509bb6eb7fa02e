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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reserves a virtual number (VN) for a new session under the reuse rule: a VN may host a session only if none of
 * its bindings (its parties, its PINs, the "any caller" binding of a single-party session without PIN) is held on
 * that VN by another live or cooling session. The rule is enforced by the primary key of {@code bindings}; the
 * candidate query only avoids attempts that are sure to fail. When a concurrent allocation binds the same party
 * (or PIN) to a candidate first, the insert fails on that key and the next candidate is tried.
 *
 * <p>The pool is the main account's own unassigned VNs, or those assigned to the requested subaccount; with
 * geomatch, only those of the first (or only) party's country. Among the admissible VNs the {@link PackingStrategy}
 * decides the order (most live sessions first; its Javadoc says why that packs well).
 *
 * <p>Requests are idempotent per session uuid: a repeat answers the existing allocation. Causes no event; the
 * allocation is confirmed or released by session events (see {@code dev.veil.allocation.lifecycle}).
 */
@Component
public class Allocator {

    static final String EXHAUSTED = "Number pool exhausted or not available.";

    /** Random PIN pairs tried on one number before moving to the next candidate. */
    static final int PIN_DRAWS = 20;

    private static final Logger log = LoggerFactory.getLogger(Allocator.class);

    private final SecureRandom random = new SecureRandom();

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
        this.exhausted = outcome(meters, "pool_exhausted");
        this.noCountry = outcome(meters, "no_country_match");
        this.collisions = Counter.builder("veil.allocations.collisions")
                .description("Allocation attempts lost to a concurrent allocation binding the same party first")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("veil.allocations").tag("outcome", outcome)
                .description("Allocation requests by outcome: allocated, repeated (same session again), "
                        + "pool_exhausted (400), no_country_match (404)").register(meters);
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
                        SELECT account_id, virtual_number, status, request_key, first_party_pin, second_party_pin
                        FROM allocations WHERE session_uuid = :session""")
                .bind("session", command.sessionUuid())
                .map(row -> {
                    AllocationStatus status = AllocationStatus.fromWireName(row.get("status", String.class));
                    boolean sameAccount = command.accountId().equals(row.get("account_id", String.class));
                    String key = row.get("request_key", String.class);
                    // Only allocations released before migration V2 and those of erased sessions (the key was
                    // derived from the erased numbers) have no key; their account is all to compare.
                    boolean sameRequest = key == null || key.equals(command.requestKey());
                    if (!sameAccount || !sameRequest) {
                        throw new RejectedRequestException(HttpStatus.CONFLICT,
                                "session_uuid is already allocated for a different request.");
                    }
                    return new Allocation(command.sessionUuid(), row.get("virtual_number", String.class), status,
                            row.get("first_party_pin", String.class), row.get("second_party_pin", String.class));
                })
                .one();
    }

    private Mono<Reserved> reserve(AllocationCommand command) {
        return candidates(command).collectList().flatMap(candidates -> candidates.isEmpty()
                ? nothingAdmissible(command)
                : attempt(command, PackingStrategy.order(candidates, maxAttempts), 0));
    }

    /**
     * The first {@code maxAttempts} VNs of the request's pool that hold none of its fixed bindings, with their load
     * (the {@code live_sessions} counter, so the cost of this query does not grow with the live sessions). The
     * query applies {@link PackingStrategy#ORDER} itself (load descending, then number in "C" collation) so that it
     * can stop early; the allocator then orders the rows with that class, and {@code ReplayMatchesServiceTests}
     * shows the service and the in-memory replay choose the same numbers. The query only avoids attempts that are
     * sure to fail: the primary key of {@code bindings} is what enforces the rule.
     */
    private Flux<PackingStrategy.Candidate> candidates(AllocationCommand command) {
        String country = command.geomatch() ? "AND v.country = :country" : "";
        String pool = command.subaccount() == null ? "v.subaccount_id IS NULL" : "v.subaccount_id = :subaccount";
        var spec = db.sql("""
                        SELECT v.number, v.live_sessions
                        FROM virtual_numbers v
                        WHERE v.account_id = :account AND %s AND v.status = 'active' %s
                          AND NOT EXISTS (SELECT 1 FROM bindings b
                                          WHERE b.virtual_number = v.number AND b.binding IN (:bindings))
                        ORDER BY v.live_sessions DESC, v.number COLLATE "C"
                        LIMIT :limit""".formatted(pool, country))
                .bind("account", command.accountId())
                .bind("bindings", command.fixedBindings())
                .bind("limit", maxAttempts);
        if (command.subaccount() != null) {
            spec = spec.bind("subaccount", command.subaccount());
        }
        if (command.geomatch()) {
            spec = spec.bind("country", command.country());
        }
        return spec.map(row -> new PackingStrategy.Candidate(row.get("number", String.class),
                row.get("live_sessions", Integer.class))).all();
    }

    private Mono<Reserved> attempt(AllocationCommand command, List<String> candidates, int index) {
        if (index == candidates.size()) {
            return exhausted(command);
        }
        String number = candidates.get(index);
        return generatedPins(command, number)
                .flatMap(pins -> tx.transactional(take(command, number, pins)))
                // No free PIN pair found on this number (it hosts very many PIN sessions): try the next one.
                .switchIfEmpty(Mono.defer(() -> attempt(command, candidates, index + 1)))
                .onErrorResume(DuplicateKeyException.class, e -> {
                    collisions.increment();
                    log.debug("session {} lost candidate {} to a concurrent allocation", command.sessionUuid(),
                            number);
                    return attempt(command, candidates, index + 1);
                });
    }

    /**
     * Two distinct PINs not bound on {@code number} when the request asks for generated PINs (an empty list when it
     * does not); empty when no free pair turned up in {@link #PIN_DRAWS} draws. A PIN taken concurrently after the
     * check fails the insert on the bindings key like any other collision.
     */
    private Mono<List<String>> generatedPins(AllocationCommand command, String number) {
        if (command.generatePinLength() == 0) {
            return Mono.just(List.of());
        }
        return Flux.range(0, PIN_DRAWS)
                .concatMap(draw -> {
                    List<String> pins = drawPins(command.generatePinLength());
                    return db.sql("""
                                    SELECT count(*) FROM bindings
                                    WHERE virtual_number = :number AND binding IN (:pins)""")
                            .bind("number", number)
                            .bind("pins", pins.stream().map(Binding::pin).toList())
                            .map(row -> row.get(0, Long.class))
                            .one()
                            .filter(taken -> taken == 0)
                            .map(free -> pins);
                })
                .next();
    }

    private List<String> drawPins(int length) {
        String first = pin(length);
        String second = pin(length);
        while (second.equals(first)) {
            second = pin(length);
        }
        return List.of(first, second);
    }

    private String pin(int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /**
     * Reserves {@code number} for the session in the current transaction, with its fixed bindings and the
     * generated {@code pins}. Fails with {@link DuplicateKeyException} when one of them is bound to the number
     * already, which rolls the whole attempt back.
     */
    private Mono<Reserved> take(AllocationCommand command, String number, List<String> pins) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> held = new ArrayList<>(command.fixedBindings());
        pins.forEach(pin -> held.add(Binding.pin(pin)));
        String firstPin = pins.isEmpty() ? null : pins.get(0);
        String secondPin = pins.isEmpty() ? null : pins.get(1);
        var insert = db.sql("""
                        INSERT INTO allocations (session_uuid, account_id, subaccount_id, virtual_number, status,
                                                 reserved_at, request_key, held_bindings, first_party_pin,
                                                 second_party_pin, cooloff_seconds)
                        VALUES (:session, :account, :subaccount, :number, 'reserved', :now, :key, :held,
                                :firstPin, :secondPin, :cooloff)
                        ON CONFLICT (session_uuid) DO NOTHING""")
                .bind("session", command.sessionUuid())
                .bind("account", command.accountId())
                .bind("number", number)
                .bind("now", now)
                .bind("key", command.requestKey())
                .bind("held", held.toArray(String[]::new))
                .bind("cooloff", command.cooloffSeconds());
        insert = command.subaccount() == null ? insert.bindNull("subaccount", String.class)
                : insert.bind("subaccount", command.subaccount());
        insert = firstPin == null ? insert.bindNull("firstPin", String.class) : insert.bind("firstPin", firstPin);
        insert = secondPin == null ? insert.bindNull("secondPin", String.class) : insert.bind("secondPin", secondPin);
        return insert.fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0
                        // The same session was allocated concurrently and committed first: answer that one.
                        ? existing(command).map(allocation -> new Reserved(allocation, false))
                        : db.sql("""
                                        WITH bound AS (
                                            INSERT INTO bindings (virtual_number, binding, session_uuid)
                                            SELECT :number, b, :session FROM unnest(CAST(:held AS text[])) AS b)
                                        UPDATE virtual_numbers SET live_sessions = live_sessions + 1
                                        WHERE number = :number""")
                                .bind("number", number)
                                .bind("held", held.toArray(String[]::new))
                                .bind("session", command.sessionUuid())
                                .then()
                                .thenReturn(new Reserved(new Allocation(command.sessionUuid(), number,
                                        AllocationStatus.RESERVED, firstPin, secondPin), true)));
    }

    private Mono<Reserved> nothingAdmissible(AllocationCommand command) {
        if (!command.geomatch()) {
            return exhausted(command);
        }
        String country = command.country();
        String pool = command.subaccount() == null ? "subaccount_id IS NULL" : "subaccount_id = :subaccount";
        var spec = db.sql("""
                        SELECT EXISTS (SELECT 1 FROM virtual_numbers
                                       WHERE account_id = :account AND %s AND country = :country
                                         AND status = 'active')""".formatted(pool))
                .bind("account", command.accountId())
                .bind("country", country);
        if (command.subaccount() != null) {
            spec = spec.bind("subaccount", command.subaccount());
        }
        return spec.map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
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
        log.info("no virtual number can take session {} of account {} (parties of {})", command.sessionUuid(),
                command.accountId(), command.redactedParties());
        return Mono.error(RejectedRequestException.badRequest(EXHAUSTED));
    }
}
