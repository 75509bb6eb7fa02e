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
import java.util.Map;

/**
 * Releases reservations whose session was never created: those still {@code reserved}
 * {@code veil.allocation.reservation-timeout} after they were made lose their status and their bindings, so a
 * failed or abandoned create cannot hold numbers. Runs every {@code veil.allocation.reaper-interval} (a
 * {@link dev.veil.platform.schedule.RepeatingTask} of {@link ReaperConfiguration}); {@link Releases} does it in one
 * statement.
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
        return Releases.release(db, """
                        SELECT session_uuid FROM allocations
                        WHERE status = 'reserved' AND reserved_at < :cutoff
                        FOR UPDATE SKIP LOCKED""", now,
                        Map.of("cutoff", now.minus(properties.reservationTimeout())))
                .doOnNext(n -> {
                    if (n > 0) {
                        reaped.increment(n);
                        log.info("released {} reservations whose session was never created", n);
                    }
                });
    }
}
