package dev.veil.allocation.lifecycle;

import dev.veil.allocation.reservation.Binding;
import dev.veil.events.PartyNumber;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Moves allocations along as their sessions live and die. Each method runs inside the idempotent consumer's
 * transaction, so its effect commits with the event's marker; each is also harmless when repeated.
 */
@Component
class AllocationLifecycle {

    /** The {@code SessionExpired} reason of a data erasure that named one of the session's parties. */
    static final String ERASED = "erased";

    private static final Logger log = LoggerFactory.getLogger(AllocationLifecycle.class);

    private final DatabaseClient db;
    private final Clock clock;
    private final MeterRegistry meters;

    AllocationLifecycle(DatabaseClient db, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * SessionCreated: the reservation becomes confirmed and is no longer the reaper's. A session created after the
     * reaper released its reservation (session-service slower than the reservation timeout) takes its bindings
     * back when nobody took them meanwhile, because the session routes calls on that number whatever happens here.
     */
    Mono<Void> confirm(SessionCreated created) {
        String session = created.sessionUuid();
        return db.sql("""
                        UPDATE allocations SET status = 'confirmed', confirmed_at = :now
                        WHERE session_uuid = :session AND status = 'reserved'""")
                .bind("now", now()).bind("session", session)
                .fetch().rowsUpdated()
                .flatMap(confirmed -> confirmed > 0 ? Mono.empty() : confirmLate(created));
    }

    /**
     * {@link #confirm} for many sessions at once: one statement confirms every reservation still waiting, and only
     * the sessions it did not find (released by the reaper meanwhile) take the per-session late path.
     */
    Mono<Void> confirmAll(List<SessionCreated> created) {
        if (created.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE allocations SET status = 'confirmed', confirmed_at = :now
                        WHERE session_uuid = ANY(CAST(:sessions AS text[])) AND status = 'reserved'
                        RETURNING session_uuid""")
                .bind("now", now())
                .bind("sessions", created.stream().map(SessionCreated::sessionUuid).toArray(String[]::new))
                .map(row -> row.get("session_uuid", String.class))
                .all()
                .collect(Collectors.toSet())
                .flatMapMany(confirmed -> Flux.fromIterable(created)
                        .filter(c -> !confirmed.contains(c.sessionUuid())))
                .concatMap(this::confirmLate)
                .then();
    }

    private Mono<Void> confirmLate(SessionCreated created) {
        String session = created.sessionUuid();
        return db.sql("""
                        SELECT virtual_number, held_bindings FROM allocations
                        WHERE session_uuid = :session AND status = 'released' AND confirmed_at IS NULL""")
                .bind("session", session)
                .map(row -> new Held(row.get("virtual_number", String.class),
                        List.of(row.get("held_bindings", String[].class))))
                .one()
                .flatMap(held -> held.bindings().isEmpty() ? partyBindings(created)
                        .flatMap(parties -> rebind(session, new Held(held.number(), parties)))
                        : rebind(session, held))
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.debug("SessionCreated for session {} without a reservation to confirm", session)));
    }

    /** A released allocation's number and the bindings it had. */
    private record Held(String number, List<String> bindings) {
    }

    /**
     * The parties' bindings (their blind indexes), for an allocation made before held_bindings was recorded; none
     * when the state names no party, and then there is nothing to take back.
     */
    private Mono<List<String>> partyBindings(SessionCreated created) {
        List<String> bindings = Stream.of(created.session().firstParty(), created.session().secondParty())
                .filter(Objects::nonNull)
                .map(PartyNumber::index)
                .map(Binding::party)
                .toList();
        return bindings.isEmpty() ? late("lost").then(Mono.empty()) : Mono.just(bindings);
    }

    private Mono<Void> rebind(String session, Held held) {
        String number = held.number();
        Mono<Long> inserted = db.sql("""
                        INSERT INTO bindings (virtual_number, binding, session_uuid)
                        SELECT :number, b, :session FROM unnest(CAST(:held AS text[])) AS b
                        ON CONFLICT DO NOTHING""")
                .bind("number", number).bind("held", held.bindings().toArray(String[]::new))
                .bind("session", session)
                .fetch().rowsUpdated();
        return inserted.flatMap(n -> n == held.bindings().size()
                ? db.sql("""
                                WITH confirmed AS (
                                    UPDATE allocations SET status = 'confirmed', confirmed_at = :now,
                                                           released_at = NULL
                                    WHERE session_uuid = :session)
                                UPDATE virtual_numbers SET live_sessions = live_sessions + 1
                                WHERE number = :number""")
                        .bind("now", now()).bind("session", session).bind("number", number)
                        .then().then(late("rebound"))
                // A binding is held on the number by another session now: the rule wins, this session cannot
                // hold the number, and the partial rebinding is undone.
                : db.sql("DELETE FROM bindings WHERE session_uuid = :session").bind("session", session).then()
                        .then(Mono.fromRunnable(() -> log.warn(
                                "session {} was created after its reservation on {} was reaped and one of its"
                                        + " bindings is held there again; some of its calls may not route",
                                session, number)))
                        .then(late("lost")));
    }

    private Mono<Void> late(String outcome) {
        return Mono.fromRunnable(() -> meters.counter("veil.allocations.late_confirmations", "outcome", outcome)
                .increment());
    }

    /**
     * SessionExpired: with a cool-off period the allocation turns {@code cooling} and keeps its bindings until
     * {@code release_after} (the {@link CooloffRelease} job releases it then, also after a restart); without one it
     * is released and its bindings deleted at once, so the number can host its parties in other sessions again. The
     * period is the longer of the one asked at allocation and the one in the expired session's state (an update may
     * have changed it). Only a reserved or confirmed allocation changes, so a repeated expiry is harmless. An
     * {@linkplain #erase erasure} releases at once whatever the cool-off.
     */
    Mono<Void> release(SessionExpired expired) {
        if (ERASED.equals(expired.reason())) {
            return erase(expired.sessionUuid());
        }
        String session = expired.sessionUuid();
        int stated = expired.session() == null || expired.session().options() == null ? 0
                : expired.session().options().virtualNumberCooloffPeriod();
        return db.sql("""
                        WITH expiring AS (
                            SELECT session_uuid, greatest(cooloff_seconds, :stated) AS cooloff FROM allocations
                            WHERE session_uuid = :session AND status IN ('reserved', 'confirmed'))
                        UPDATE allocations a
                        SET status        = CASE WHEN e.cooloff > 0 THEN 'cooling' ELSE 'released' END,
                            release_after = :now + make_interval(secs => e.cooloff),
                            released_at   = CASE WHEN e.cooloff > 0 THEN NULL ELSE :now END
                        FROM expiring e WHERE a.session_uuid = e.session_uuid
                        RETURNING a.status""")
                .bind("now", now()).bind("session", session).bind("stated", Math.max(0, stated))
                .map(row -> row.get("status", String.class))
                .one()
                .filter("released"::equals)
                .flatMap(released -> db.sql("""
                                WITH unbound AS (DELETE FROM bindings WHERE session_uuid = :session)
                                UPDATE virtual_numbers SET live_sessions = live_sessions - 1
                                WHERE number = (SELECT virtual_number FROM allocations
                                                WHERE session_uuid = :session)""")
                        .bind("session", session).then());
    }

    /**
     * SessionExpired with reason {@code erased}: a data erasure named one of the session's parties. Its allocation
     * is released at once, even while {@code cooling} (a cool-off keeps the parties' bindings for their calls back;
     * nothing of an erased party may be kept), with {@link Releases} like a cool-off that ended: bindings deleted,
     * the number's live-session count down once. Its {@code held_bindings} and {@code request_key}, both derived
     * from the parties' indexes, are cleared, also when it was released before, so nothing derived from the erased
     * number remains. A repeated erasure finds nothing left to change.
     */
    private Mono<Void> erase(String session) {
        // FOR UPDATE without SKIP LOCKED: a release job takes a row it skipped on its next run, but this event is
        // applied once, so it waits for a concurrent release of the row instead and then sees it released.
        Mono<Long> released = Releases.release(db, """
                        SELECT session_uuid FROM allocations
                        WHERE session_uuid = :session AND status <> 'released'
                        FOR UPDATE""", now(), Map.of("session", session));
        Mono<Void> cleared = db.sql("""
                        UPDATE allocations SET held_bindings = '{}', request_key = NULL
                        WHERE session_uuid = :session AND (held_bindings <> '{}' OR request_key IS NOT NULL)""")
                .bind("session", session)
                .then();
        return released
                .doOnNext(n -> {
                    if (n > 0) {
                        log.info("allocation of session {} released at once: a data erasure named one of its"
                                + " parties", session);
                    }
                })
                .then(cleared);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
