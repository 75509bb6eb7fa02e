package dev.veil.allocation.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Ends cool-off periods: allocations {@code cooling} whose {@code release_after} has passed are released and their
 * bindings deleted, so their parties and PINs may take the number in other sessions again. The due time is stored
 * with the allocation, so a restart loses nothing: the next run releases whatever fell due meanwhile. Runs every
 * {@code veil.allocation.reaper-interval} (a {@link dev.veil.platform.schedule.RepeatingTask} of
 * {@link ReaperConfiguration}); one SQL statement does both changes, so replicas running it at once release each
 * allocation once. Causes no event.
 */
@Component
class CooloffRelease {

    /** Most allocations released by one run; a run that hits it asks for the next at once. */
    static final int BATCH = 500;

    private final DatabaseClient db;
    private final Clock clock;
    private final Counter released;

    CooloffRelease(DatabaseClient db, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        this.released = Counter.builder("veil.allocations.cooled_off")
                .description("Allocations released at the end of their cool-off period").register(meters);
    }

    /** Releases the allocations whose cool-off has ended, at most {@link #BATCH}; emits how many. */
    Mono<Long> releaseDue() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return db.sql("""
                        WITH due AS (
                            UPDATE allocations SET status = 'released', released_at = :now
                            WHERE session_uuid IN (SELECT session_uuid FROM allocations
                                                   WHERE status = 'cooling' AND release_after <= :now
                                                   ORDER BY release_after LIMIT :batch
                                                   FOR UPDATE SKIP LOCKED)
                            RETURNING session_uuid, virtual_number),
                        unbound AS (
                            DELETE FROM bindings WHERE session_uuid IN (SELECT session_uuid FROM due)),
                        unloaded AS (
                            UPDATE virtual_numbers v SET live_sessions = v.live_sessions - r.n
                            FROM (SELECT virtual_number, count(*) AS n FROM due GROUP BY virtual_number) r
                            WHERE v.number = r.virtual_number)
                        SELECT count(*) FROM due""")
                .bind("now", now)
                .bind("batch", BATCH)
                .map(row -> row.get(0, Long.class))
                .one()
                .doOnNext(released::increment);
    }
}
