package dev.veil.allocation.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Ends cool-off periods: allocations {@code cooling} whose {@code release_after} has passed are released and their
 * bindings deleted, so their parties and PINs may take the number in other sessions again. The due time is stored
 * with the allocation, so a restart loses nothing: the next run releases whatever fell due meanwhile. Runs every
 * {@code veil.allocation.reaper-interval} (a {@link dev.veil.platform.schedule.RepeatingTask} of
 * {@link ReaperConfiguration}); {@link Releases} does it in one statement. Causes no event.
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
        return Releases.release(db, """
                        SELECT session_uuid FROM allocations
                        WHERE status = 'cooling' AND release_after <= :now
                        ORDER BY release_after LIMIT :batch
                        FOR UPDATE SKIP LOCKED""", now, Map.of("batch", BATCH))
                .doOnNext(released::increment);
    }
}
