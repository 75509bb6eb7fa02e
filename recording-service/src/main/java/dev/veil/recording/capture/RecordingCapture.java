package dev.veil.recording.capture;

import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingFailed;
import dev.veil.events.RecordingStarted;
import dev.veil.platform.outbox.Outbox;
import dev.veil.recording.RecordingUrls;
import dev.veil.recording.metadata.Recording;
import dev.veil.recording.metadata.Recordings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A recording's state changes, each committed together with its event: the carrier's reports (started →
 * {@code RecordingStarted}; finished → download scheduled, plus {@code RecordingStarted} when the started report
 * never came), the media stored ({@code RecordingCompleted}) or given up on ({@code RecordingFailed}). Every change
 * is conditional on the current state, so a repeated report or a second attempt publishes nothing more.
 */
@Component
class RecordingCapture {

    private static final Logger log = LoggerFactory.getLogger(RecordingCapture.class);
    private static final String FAILURES = "veil.recordings.failures";
    /** Every reason {@link MediaDownloads} fails a recording with. */
    private static final List<String> FAILURE_REASONS = List.of(MediaDownloads.MEDIA_UNAVAILABLE,
            MediaDownloads.MEDIA_INCOMPLETE, MediaDownloads.STORE_UNAVAILABLE);

    private final Recordings recordings;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final RecordingUrls urls;
    private final Clock clock;
    private final MeterRegistry meters;

    RecordingCapture(Recordings recordings, Outbox outbox, TransactionalOperator tx, RecordingUrls urls,
            Clock clock, MeterRegistry meters) {
        this.recordings = recordings;
        this.outbox = outbox;
        this.tx = tx;
        this.urls = urls;
        this.clock = clock;
        this.meters = meters;
        // Registered at zero so that dashboards and alerts see every reason before the first failure.
        for (String reason : FAILURE_REASONS) {
            meters.counter(FAILURES, "reason", reason);
        }
    }

    /**
     * Applies a carrier report once; a repeated one changes nothing, and one of a session whose recordings were
     * erased is dropped (the carrier may report a call that was under way when the erasure came).
     */
    Mono<Void> report(CarrierRecordingReport report) {
        Mono<Boolean> startedNow = report.finished()
                ? recordings.finished(report.recordingId(), report.sessionUuid(), report.accountId(),
                        report.callUuid(), report.format(), report.durationMs(), report.start(), report.end(),
                        report.recordUrl(), clock.instant())
                        .map(result -> result.orElse(false))
                : recordings.started(report.recordingId(), report.sessionUuid(), report.accountId(),
                        report.callUuid(), report.format(), report.start(), report.recordUrl());
        Mono<Boolean> applied = recordings.erased(report.sessionUuid())
                .flatMap(erased -> erased ? Mono.just(false) : startedNow);
        return tx.transactional(applied.flatMap(isNew -> isNew
                ? outbox.append(new RecordingStarted(report.sessionUuid(), report.accountId(), report.callUuid(),
                        report.recordingId(), report.format(), report.start()), report.callUuid())
                : Mono.empty()));
    }

    /** The media is stored and verified: the recording is completed, once. */
    Mono<Boolean> stored(Recording recording, String storagePath, long sizeBytes, String sha256) {
        long durationMs = Objects.requireNonNullElse(recording.durationMs(), 0L);
        return tx.transactional(recordings.completed(recording.recordingId(), storagePath, sizeBytes, sha256,
                        clock.instant())
                .flatMap(completed -> completed
                        ? outbox.append(new RecordingCompleted(recording.sessionUuid(), recording.accountId(),
                                recording.callUuid(), recording.recordingId(), recording.format(),
                                durationMs / 1000, Objects.requireNonNull(recording.start()),
                                Objects.requireNonNull(recording.end()), sizeBytes,
                                urls.resourceUrl(recording.accountId(), recording.recordingId()),
                                urls.mediaUrl(recording.accountId(), recording.recordingId(), recording.format())),
                                recording.callUuid()).thenReturn(true)
                        : Mono.just(false)));
    }

    /** The last try to copy the media failed: the recording is failed, once. */
    Mono<Void> failed(Recording recording, String reason) {
        return tx.transactional(recordings.failed(recording.recordingId(), reason)
                        .flatMap(failed -> failed
                                ? outbox.append(new RecordingFailed(recording.sessionUuid(), recording.accountId(),
                                        recording.callUuid(), recording.recordingId(), reason, clock.instant()),
                                        recording.callUuid()).thenReturn(true)
                                : Mono.just(false)))
                .doOnNext(failed -> {
                    if (failed) {
                        meters.counter(FAILURES, "reason", reason).increment();
                        log.warn("recording {} of call {} failed: {}", recording.recordingId(),
                                recording.callUuid(), reason);
                    }
                })
                .then();
    }
}
