package dev.veil.recording.unreported;

import dev.veil.events.CallEnded;
import dev.veil.events.LegDirection;
import dev.veil.events.RecordingFailed;
import dev.veil.platform.outbox.Outbox;
import dev.veil.recording.RecordingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Expects a recording of every answered call of a recording session, and publishes {@code RecordingFailed}
 * ({@code recordingId} null, reason {@code recording-not-reported}) for a call whose grace period
 * ({@code veil.recording.unreported.grace-period}, from when Veil learnt the call ended) ran out without a recording
 * callback. The expectations are rows in Postgres, taken and answered in one transaction with the event, so the
 * check survives restarts and fails a call once.
 */
@Component
class UnreportedRecordings {

    private static final Logger log = LoggerFactory.getLogger(UnreportedRecordings.class);
    static final String REASON = "recording-not-reported";
    /** The counter the download job counts its failures in too, by reason. */
    private static final String FAILURES = "veil.recordings.failures";
    /** A session is forgotten this long after it expired: longer than any call under way then can last. */
    private static final Duration EXPIRED_SESSION_KEPT = Duration.ofDays(1);

    private final RecordedCalls calls;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final RecordingProperties.Unreported settings;
    private final Clock clock;
    private final MeterRegistry meters;

    UnreportedRecordings(RecordedCalls calls, Outbox outbox, TransactionalOperator tx, RecordingProperties properties,
            Clock clock, MeterRegistry meters) {
        this.calls = calls;
        this.outbox = outbox;
        this.tx = tx;
        this.settings = properties.unreported();
        this.clock = clock;
        this.meters = meters;
        // Registered at zero so that dashboards and alerts see the reason before the first failure.
        meters.counter(FAILURES, "reason", REASON);
    }

    /**
     * A call ended: when it was answered (the carrier records from the answer, so an unanswered call has no
     * recording) and its session records, its recording is expected within the grace period.
     */
    Mono<Void> callEnded(CallEnded ended) {
        boolean answered = ended.legs().stream().anyMatch(leg -> leg.direction() == LegDirection.OUTBOUND
                && (leg.durationSeconds() > 0 || leg.billDurationSeconds() > 0));
        if (!answered) {
            return Mono.empty();
        }
        return calls.callEnded(ended.sessionUuid(), ended.callUuid(), clock.instant().plus(settings.gracePeriod()))
                .then();
    }

    /** One run: answers up to a batch of due calls; emits true when more may be due right away. */
    Mono<Boolean> runOnce() {
        int batch = settings.batchSize();
        return tx.transactional(calls.takeDue(clock.instant(), batch).collectList()
                        .flatMap(due -> Flux.fromIterable(due)
                                .filter(call -> !call.reported())
                                .concatMap(call -> outbox.append(new RecordingFailed(call.sessionUuid(),
                                        call.accountId(), call.callUuid(), null, REASON, clock.instant()),
                                        call.callUuid()).thenReturn(call))
                                .collectList()
                                .map(failed -> new Outcome(due.size(), failed))))
                .doOnNext(outcome -> outcome.failed().forEach(call -> {
                    meters.counter(FAILURES, "reason", REASON).increment();
                    log.warn("call {} of session {} was recorded but the carrier never reported its recording",
                            call.callUuid(), call.sessionUuid());
                }))
                .flatMap(outcome -> calls.forgetExpiredSessions(clock.instant().minus(EXPIRED_SESSION_KEPT))
                        .thenReturn(outcome.taken() >= batch));
    }

    private record Outcome(int taken, List<RecordedCalls.DueCall> failed) {
    }
}
