package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationProperties;
import io.micrometer.core.instrument.Counter;
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
 * Releases reservations whose session was never created: those still {@code reserved}
 * {@code veil.allocation.reservation-timeout} after they were made lose their status and their bindings, so a
 * failed or abandoned create cannot hold numbers. Runs every {@code veil.allocation.reaper-interval} (a
 * {@link dev.veil.platform.schedule.RepeatingTask} of {@link ReaperConfiguration}). One SQL
 * statement does both changes, so replicas reaping at once release each reservation once.
 */
@Component
class ReservationReaper {

    private static final Logger log = LoggerFactory.getLogger(ReservationReaper.class);

    private final DatabaseClient db;
    private final Clock clock;
    private final AllocationProperties properties;
    private final Counter reaped;

    ReservationReaper(DatabaseClient db, Clock clock, AllocationProperties properties, MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        this.properties = properties;
        this.reaped = Counter.builder("veil.allocations.reaped")
                .description("Reservations released because their session was never created").register(meters);
    }

    /** Releases every stale reservation now; emits how many. */
    Mono<Long> reap() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return db.sql("""
                        WITH stale AS (
                            UPDATE allocations SET status = 'released', released_at = :now
                            WHERE status = 'reserved' AND reserved_at < :cutoff
                            RETURNING session_uuid, virtual_number),
                        unbound AS (
                            DELETE FROM bindings WHERE session_uuid IN (SELECT session_uuid FROM stale)),
                        unloaded AS (
                            UPDATE virtual_numbers v SET live_sessions = v.live_sessions - r.n
                            FROM (SELECT virtual_number, count(*) AS n FROM stale GROUP BY virtual_number) r
                            WHERE v.number = r.virtual_number)
                        SELECT count(*) FROM stale""")
                .bind("now", now)
                .bind("cutoff", now.minus(properties.reservationTimeout()))
                .map(row -> row.get(0, Long.class))
                .one()
                .doOnNext(n -> {
                    if (n > 0) {
                        reaped.increment(n);
                        log.info("released {} reservations whose session was never created", n);
                    }
                });
    }
}
