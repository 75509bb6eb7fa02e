package dev.veil.allocation.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The pool gauges, per country (a bounded tag): {@code veil.pool.numbers} (active virtual numbers) and
 * {@code veil.pool.sessions} (sessions holding a number of that country: reserved, confirmed or cooling), whose
 * ratio is the pool's utilisation. They are refreshed when the pool changes and by a repeating task
 * ({@link PoolConfiguration}) rather than queried on every scrape, which would put a database call on the scrape
 * path.
 */
@Component
class PoolMetrics {

    private final DatabaseClient db;
    private final MultiGauge numbers;
    private final MultiGauge sessions;

    PoolMetrics(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        this.numbers = MultiGauge.builder("veil.pool.numbers")
                .description("Active virtual numbers in the pool, by country").register(meters);
        this.sessions = MultiGauge.builder("veil.pool.sessions")
                .description("Sessions holding a virtual number (reserved, confirmed or cooling), by country")
                .register(meters);
    }

    /** Re-reads the pool's size and load per country into the gauges. */
    Mono<Void> refresh() {
        return db.sql("""
                        SELECT country, count(*) FILTER (WHERE status = 'active') AS numbers,
                               sum(live_sessions) AS sessions
                        FROM virtual_numbers GROUP BY country""")
                .map(row -> new CountryLoad(row.get("country", String.class), row.get("numbers", Long.class),
                        row.get("sessions", Number.class).longValue()))
                .all().collectList()
                .doOnNext(this::register)
                .then();
    }

    private void register(List<CountryLoad> loads) {
        numbers.register(loads.stream().map(l -> MultiGauge.Row.of(Tags.of("country", l.country()), l.numbers()))
                .toList(), true);
        sessions.register(loads.stream().map(l -> MultiGauge.Row.of(Tags.of("country", l.country()), l.sessions()))
                .toList(), true);
    }

    private record CountryLoad(String country, long numbers, long sessions) {
    }
}
