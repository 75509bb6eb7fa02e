package dev.veil.allocation.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.stream.Stream;

/**
 * The pool gauges, per country (a bounded tag):
 * <ul>
 *   <li>{@code veil.pool.numbers{country,state}}: virtual numbers by state, {@code in_use} (active, hosting at
 *       least one session), {@code idle} (active, hosting none) or {@code retired};</li>
 *   <li>{@code veil.pool.utilisation{country}}: the share (0..1) of the country's active numbers that are in use,
 *       0 when it has none. A number hosts many sessions under the reuse rule, so 1 is not yet exhaustion, but
 *       near 1 the next session whose party already sits on every number is refused: the pool needs numbers;</li>
 *   <li>{@code veil.pool.sessions{country}}: sessions holding a number of that country (reserved, confirmed or
 *       cooling).</li>
 * </ul>
 * "Hosting a session" counts reserved, confirmed and cooling sessions alike: each keeps the number from its
 * parties. The gauges are refreshed when the pool changes and by a repeating task ({@link PoolConfiguration})
 * rather than queried on every scrape, which would put a database call on the scrape path.
 */
@Component
class PoolMetrics {

    private final DatabaseClient db;
    private final MultiGauge numbers;
    private final MultiGauge utilisation;
    private final MultiGauge sessions;

    PoolMetrics(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        this.numbers = MultiGauge.builder("veil.pool.numbers")
                .description("Virtual numbers in the pool, by country and state (in_use, idle, retired)")
                .register(meters);
        this.utilisation = MultiGauge.builder("veil.pool.utilisation")
                .description("Share (0..1) of a country's active virtual numbers hosting at least one session")
                .register(meters);
        this.sessions = MultiGauge.builder("veil.pool.sessions")
                .description("Sessions holding a virtual number (reserved, confirmed or cooling), by country")
                .register(meters);
    }

    /** Re-reads the pool's size and load per country into the gauges. */
    Mono<Void> refresh() {
        return db.sql("""
                        SELECT country,
                               count(*) FILTER (WHERE status = 'active' AND live_sessions > 0) AS in_use,
                               count(*) FILTER (WHERE status = 'active' AND live_sessions = 0) AS idle,
                               count(*) FILTER (WHERE status = 'retired') AS retired,
                               coalesce(sum(live_sessions), 0) AS sessions
                        FROM virtual_numbers GROUP BY country""")
                .map(row -> new CountryLoad(row.get("country", String.class), row.get("in_use", Long.class),
                        row.get("idle", Long.class), row.get("retired", Long.class),
                        row.get("sessions", Number.class).longValue()))
                .all().collectList()
                .doOnNext(this::register)
                .then();
    }

    private void register(List<CountryLoad> loads) {
        numbers.register(loads.stream().flatMap(l -> Stream.of(
                MultiGauge.Row.of(Tags.of("country", l.country(), "state", "in_use"), l.inUse()),
                MultiGauge.Row.of(Tags.of("country", l.country(), "state", "idle"), l.idle()),
                MultiGauge.Row.of(Tags.of("country", l.country(), "state", "retired"), l.retired())))
                .toList(), true);
        utilisation.register(loads.stream()
                .map(l -> MultiGauge.Row.of(Tags.of("country", l.country()), l.utilisation())).toList(), true);
        sessions.register(loads.stream().map(l -> MultiGauge.Row.of(Tags.of("country", l.country()), l.sessions()))
                .toList(), true);
    }

    private record CountryLoad(String country, long inUse, long idle, long retired, long sessions) {

        double utilisation() {
            long active = inUse + idle;
            return active == 0 ? 0 : (double) inUse / active;
        }
    }
}
