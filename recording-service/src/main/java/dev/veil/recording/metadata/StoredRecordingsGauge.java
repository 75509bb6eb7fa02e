package dev.veil.recording.metadata;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code veil.recordings.stored} gauge: recordings whose media is in the store (status {@code completed}).
 * A gauge is read synchronously at scrape time, so the count is refreshed from the database in the background
 * every {@code veil.recording.stored-gauge-interval} rather than queried per scrape.
 */
@Component
class StoredRecordingsGauge {

    private final DatabaseClient db;
    private final AtomicLong stored = new AtomicLong();

    StoredRecordingsGauge(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        Gauge.builder("veil.recordings.stored", stored, AtomicLong::get)
                .description("Recordings whose media is stored, as last counted in the database")
                .register(meters);
    }

    /** Counts stored recordings once and updates the gauge. */
    Mono<Long> refresh() {
        return count().doOnNext(stored::set);
    }

    private Mono<Long> count() {
        return db.sql("SELECT count(*) FROM recordings WHERE status = 'completed'")
                .map(row -> row.get(0, Long.class)).one();
    }
}
