package dev.veil.recording.retention;

import dev.veil.events.RecordingDeleted;
import dev.veil.platform.outbox.Outbox;
import dev.veil.recording.metadata.Recording;
import dev.veil.recording.metadata.Recordings;
import dev.veil.recording.store.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Deletes recordings: the row is marked {@code deleted} together with its {@code RecordingDeleted} event (reason
 * {@code api}, {@code retention} or {@code erasure}), then the media is removed from the store and the row's storage
 * path cleared. Media whose removal failed (or was cut short by a crash) stays listed as unswept and is removed by
 * the next purge run, so a deleted recording's media never outlives it for long.
 */
@Component
public class RecordingDeletion {

    private static final Logger log = LoggerFactory.getLogger(RecordingDeletion.class);

    private final Recordings recordings;
    private final MediaStore store;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    RecordingDeletion(Recordings recordings, MediaStore store, Outbox outbox, TransactionalOperator tx,
            Clock clock) {
        this.recordings = recordings;
        this.store = store;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** Deletes a stored recording of the account on its request; emits true when there was one. */
    public Mono<Boolean> deleteOnRequest(String accountId, String recordingId) {
        return tx.transactional(recordings.markDeleted(accountId, recordingId, "api", clock.instant())
                        .flatMap(deleted -> announce(deleted, "api").thenReturn(deleted)))
                .flatMap(deleted -> sweep(deleted).thenReturn(true))
                .defaultIfEmpty(false);
    }

    /**
     * Deletes up to {@code limit} recordings whose retention ended (per-account days, else {@code defaultDays});
     * emits how many.
     */
    Mono<Long> deleteExpired(Map<String, Integer> accountDays, int defaultDays, int limit) {
        // The marked rows are read to the end before the events are appended: one transaction, one connection.
        return tx.transactional(recordings.markExpired(accountDays, defaultDays, clock.instant(), limit)
                        .collectList()
                        .flatMap(expired -> Flux.fromIterable(expired)
                                .concatMap(recording -> announce(recording, "retention"))
                                .then(Mono.just(expired))))
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::sweep)
                .count();
    }

    /**
     * Erases every recording of a session a data-erasure request named ({@code SessionExpired} reason
     * {@code erased}): each one not deleted yet is marked deleted with {@code RecordingDeleted(reason=erasure)}, in
     * the caller's transaction (the consumed event's), and its media is removed once that transaction committed.
     * Later recording callbacks of the session are dropped. A redelivered erasure finds nothing left to delete and
     * publishes nothing.
     */
    public Mono<Void> eraseSession(String sessionUuid) {
        return tx.transactional(recordings.markErased(sessionUuid, clock.instant())
                .collectList()
                .flatMap(erased -> Flux.fromIterable(erased)
                        .concatMap(recording -> announce(recording, "erasure"))
                        .then(sweepAfterCommit(erased))
                        .doOnSuccess(done -> log.info("session {} erased: {} recordings deleted", sessionUuid,
                                erased.size()))));
    }

    /**
     * Removes the media of {@code deleted} once the current transaction committed: a rolled-back deletion keeps its
     * media. A removal that fails (or a crash before it) is left to the purge job's sweep.
     */
    private Mono<Void> sweepAfterCommit(List<Recording> deleted) {
        if (deleted.isEmpty()) {
            return Mono.empty();
        }
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Flux.fromIterable(deleted).concatMap(RecordingDeletion.this::sweep).then();
                    }
                }))
                .then();
    }

    /** Removes the media of up to {@code limit} deleted recordings whose removal did not happen; emits how many. */
    Mono<Long> sweepLeftovers(int limit) {
        return recordings.unswept(limit).concatMap(this::sweep).count();
    }

    private Mono<Void> announce(Recording recording, String reason) {
        return outbox.append(new RecordingDeleted(recording.sessionUuid(), recording.accountId(),
                recording.callUuid(), recording.recordingId(), reason, clock.instant()), recording.callUuid());
    }

    private Mono<Recording> sweep(Recording recording) {
        String path = recording.storagePath();
        if (path == null) {
            return Mono.just(recording);
        }
        return Mono.fromCallable(() -> {
                    store.delete(path);
                    return recording;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(deleted -> recordings.swept(deleted.recordingId()).thenReturn(deleted))
                .onErrorResume(e -> {
                    log.warn("recording {}: media not removed yet, the purge job retries: {}",
                            recording.recordingId(), e.toString());
                    return Mono.just(recording);
                });
    }
}
