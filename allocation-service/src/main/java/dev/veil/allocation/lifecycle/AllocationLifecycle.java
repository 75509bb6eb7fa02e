package dev.veil.allocation.lifecycle;

import dev.veil.allocation.reservation.Binding;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves allocations along as their sessions live and die. Each method runs inside the idempotent consumer's
 * transaction, so its effect commits with the event's marker; each is also harmless when repeated.
 */
@Component
class AllocationLifecycle {

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

    /** The parties' bindings, for an allocation made before held_bindings was recorded. */
    private Mono<List<String>> partyBindings(SessionCreated created) {
        List<String> bindings = new ArrayList<>();
        try {
            for (String party : new String[] {created.session().firstParty(), created.session().secondParty()}) {
                if (party != null) {
                    bindings.add(Binding.party(PhoneNumber.parse(party)));
                }
            }
        } catch (InvalidPhoneNumberException e) {
            log.warn("SessionCreated for session {} carries an invalid party number; not rebinding",
                    created.sessionUuid());
            return late("lost").then(Mono.empty());
        }
        return Mono.just(bindings);
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
     * have changed it). Only a reserved or confirmed allocation changes, so a repeated expiry is harmless.
     */
    Mono<Void> release(SessionExpired expired) {
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

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
