package dev.veil.platform.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A background job that runs again and again while the application runs: the outbox relay, expiry schedulers,
 * reapers, gauges refreshed from the database. Each run finishes before the next starts; after a run that reports
 * more work waiting the next starts at once, otherwise after {@code pause}. A failed run is logged and retried
 * after the pause, so one bad run never stops the job.
 */
public final class RepeatingTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RepeatingTask.class);

    private final String name;
    private final Supplier<Mono<Boolean>> run;
    private final Duration pause;
    private volatile Disposable loop;

    /**
     * @param name  what the job does, for logs
     * @param run   one run; emits {@code true} when more work is waiting right away
     * @param pause wait after a run that found no more work, or failed
     */
    public RepeatingTask(String name, Supplier<Mono<Boolean>> run, Duration pause) {
        this.name = name;
        this.run = run;
        this.pause = pause;
    }

    @Override
    public void start() {
        loop = Flux.defer(() -> run.get()
                        .defaultIfEmpty(false)
                        .onErrorResume(e -> {
                            log.warn("{} failed, retrying in {}: {}", name, pause, e.toString());
                            return Mono.just(false);
                        }))
                .concatMap(more -> more ? Mono.just(true) : Mono.delay(pause).thenReturn(false))
                .repeat()
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
