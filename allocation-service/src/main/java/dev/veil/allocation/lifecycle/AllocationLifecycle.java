package dev.veil.allocation.lifecycle;

import dev.veil.allocation.reservation.Binding;
import dev.veil.events.SessionCreated;
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
                        SELECT virtual_number FROM allocations
                        WHERE session_uuid = :session AND status = 'released' AND confirmed_at IS NULL""")
                .bind("session", session)
                .map(row -> row.get("virtual_number", String.class))
                .one()
                .flatMap(number -> rebind(created, number))
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.debug("SessionCreated for session {} without a reservation to confirm", session)));
    }

    private Mono<Void> rebind(SessionCreated created, String number) {
        String session = created.sessionUuid();
        String first;
        String second;
        try {
            first = Binding.party(PhoneNumber.parse(created.session().firstParty()));
            second = Binding.party(PhoneNumber.parse(created.session().secondParty()));
        } catch (InvalidPhoneNumberException e) {
            log.warn("SessionCreated for session {} carries an invalid party number; not rebinding", session);
            return late("lost");
        }
        Mono<Long> inserted = db.sql("""
                        INSERT INTO bindings (virtual_number, binding, session_uuid)
                        VALUES (:number, :first, :session), (:number, :second, :session)
                        ON CONFLICT DO NOTHING""")
                .bind("number", number).bind("first", first).bind("second", second).bind("session", session)
                .fetch().rowsUpdated();
        return inserted.flatMap(n -> n == 2
                ? db.sql("""
                                UPDATE allocations SET status = 'confirmed', confirmed_at = :now, released_at = NULL
                                WHERE session_uuid = :session""")
                        .bind("now", now()).bind("session", session).then().then(late("rebound"))
                // A party is bound to the number in another session now: the rule wins, this session cannot
                // hold the number, and the partial rebinding is undone.
                : db.sql("DELETE FROM bindings WHERE session_uuid = :session").bind("session", session).then()
                        .then(Mono.fromRunnable(() -> log.warn(
                                "session {} was created after its reservation on {} was reaped and a party is bound"
                                        + " there again; its calls from that party may not route", session, number)))
                        .then(late("lost")));
    }

    private Mono<Void> late(String outcome) {
        return Mono.fromRunnable(() -> meters.counter("veil.allocations.late_confirmations", "outcome", outcome)
                .increment());
    }

    /**
     * SessionExpired: the allocation is released and its bindings deleted, so the number can host its parties in
     * other sessions again. (The cool-off period that delays this is not in this version.)
     */
    Mono<Void> release(String session) {
        return db.sql("""
                        UPDATE allocations SET status = 'released', released_at = :now
                        WHERE session_uuid = :session AND status <> 'released'""")
                .bind("now", now()).bind("session", session)
                .then()
                .then(db.sql("DELETE FROM bindings WHERE session_uuid = :session").bind("session", session).then());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
