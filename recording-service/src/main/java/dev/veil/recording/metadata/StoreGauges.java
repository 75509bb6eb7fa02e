package dev.veil.recording.metadata;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code veil.recordings.stored} (recordings whose media is in the store, status {@code completed}) and
 * {@code veil.recordings.bytes} (their total size) gauges. A gauge is read synchronously at scrape time, so the
 * figures are refreshed from the database in the background every {@code veil.recording.stored-gauge-interval}
 * rather than queried per scrape.
 */
@Component
class StoreGauges {

    private final Recordings recordings;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    StoreGauges(Recordings recordings, MeterRegistry meters) {
        this.recordings = recordings;
        Gauge.builder("veil.recordings.stored", stored, AtomicLong::get)
                .description("Recordings whose media is stored, as last counted in the database")
                .register(meters);
        Gauge.builder("veil.recordings.bytes", bytes, AtomicLong::get)
                .description("Total size of the stored recordings' media, as last counted in the database")
                .baseUnit("bytes")
                .register(meters);
    }

    /** Counts the stored recordings and their bytes once and updates the gauges. */
    Mono<Recordings.StoredTotals> refresh() {
        return recordings.storedTotals().doOnNext(totals -> {
            stored.set(totals.recordings());
            bytes.set(totals.bytes());
        });
    }
}
