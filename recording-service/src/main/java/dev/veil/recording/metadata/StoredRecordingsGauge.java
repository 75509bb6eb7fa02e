package dev.veil.recording.metadata;

import dev.veil.recording.RecordingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code veil.recordings.stored} gauge: recordings whose media is in the store (status {@code completed}).
 * A gauge is read synchronously at scrape time, so the count is refreshed from the database in the background
 * every {@code veil.recording.stored-gauge-interval} rather than queried per scrape.
 */
@Component
class StoredRecordingsGauge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoredRecordingsGauge.class);

    private final DatabaseClient db;
    private final Duration interval;
    private final AtomicLong stored = new AtomicLong();
    private volatile Disposable refresh;

    StoredRecordingsGauge(DatabaseClient db, RecordingProperties properties, MeterRegistry meters) {
        this.db = db;
        this.interval = properties.storedGaugeInterval();
        Gauge.builder("veil.recordings.stored", stored, AtomicLong::get)
                .description("Recordings whose media is stored, as last counted in the database")
                .register(meters);
    }

    @Override
    public void start() {
        refresh = Flux.interval(Duration.ZERO, interval)
                // A tick that comes while the previous count still runs is skipped, not queued.
                .onBackpressureDrop()
                .concatMap(tick -> count()
                        .doOnNext(stored::set)
                        .onErrorResume(e -> {
                            // Keep the last count; the next tick tries again.
                            log.warn("could not count stored recordings: {}", e.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    private Mono<Long> count() {
        return db.sql("SELECT count(*) FROM recordings WHERE status = 'completed'")
                .map(row -> row.get(0, Long.class)).one();
    }

    @Override
    public void stop() {
        Disposable current = refresh;
        if (current != null) {
            current.dispose();
        }
        refresh = null;
    }

    @Override
    public boolean isRunning() {
        return refresh != null;
    }
}
