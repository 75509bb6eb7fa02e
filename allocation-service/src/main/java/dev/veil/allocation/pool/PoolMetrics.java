package dev.veil.allocation.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code veil.pool.numbers} gauge: active virtual numbers per country (a bounded tag). The pool changes only
 * when it is seeded in this version, so the gauge is refreshed then rather than queried on every scrape, which
 * would put a database call on the scrape path.
 */
@Component
class PoolMetrics {

    private final DatabaseClient db;
    private final MultiGauge numbers;

    PoolMetrics(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        this.numbers = MultiGauge.builder("veil.pool.numbers")
                .description("Active virtual numbers in the pool, by country").register(meters);
    }

    /** Re-reads the pool's size per country into the gauge. */
    Mono<Void> refresh() {
        return db.sql("SELECT country, count(*) AS n FROM virtual_numbers WHERE status = 'active' GROUP BY country")
                .map(row -> MultiGauge.Row.of(Tags.of("country", row.get("country", String.class)),
                        row.get("n", Long.class)))
                .all().collectList()
                .doOnNext(rows -> numbers.register(rows, true))
                .then();
    }
}
