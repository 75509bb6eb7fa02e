package dev.veil.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the outbox relay is behind, as two gauges an operator alerts on: {@code veil.outbox.backlog} (events
 * written but not yet acknowledged by Kafka) and {@code veil.outbox.lag} (seconds since the oldest of them happened;
 * 0 when the outbox is empty). A relay that cannot reach Kafka shows as a lag that keeps growing. Refreshed by a
 * {@link dev.veil.platform.schedule.RepeatingTask} every {@code veil.outbox.gauge-interval}, so scrapes never query
 * the database.
 */
public final class OutboxBacklog {

    private final DatabaseClient db;
    private final Clock clock;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();

    public OutboxBacklog(DatabaseClient db, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        Gauge.builder("veil.outbox.backlog", rows, AtomicLong::get)
                .description("Events in the outbox not yet acknowledged by Kafka").register(meters);
        Gauge.builder("veil.outbox.lag", lagMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest event in the outbox (0 when empty)").register(meters);
    }

    /** Re-reads the outbox; emits {@code false} (the refresh never has more work waiting). */
    public Mono<Boolean> refresh() {
        return db.sql("SELECT count(*) AS n, min(occurred_at) AS oldest FROM outbox")
                .map(row -> {
                    OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
                    rows.set(row.get("n", Long.class));
                    lagMillis.set(oldest == null ? 0
                            : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis()));
                    return false;
                })
                .one();
    }
}
