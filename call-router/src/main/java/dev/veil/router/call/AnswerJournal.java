package dev.veil.router.call;

import dev.veil.events.VeilEvent;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.schedule.RepeatingTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes behind what the answer webhook decided in memory: each bridged (or busy) answer's {@code webhook_log} row,
 * its live-call claim and its events ({@code InteractionStarted}, leg events, {@code PinAuthenticated}) go to a
 * bounded in-memory queue, which a background loop writes to Postgres in batches, one transaction per batch. So the
 * answer waits neither on Postgres nor on Kafka. The loop writes what gathered over {@value #PAUSE_MILLIS} ms at a
 * time (at once again only after a full batch): each transaction's cost, on the router's database event loop and in
 * Postgres, is then shared by about fifty answers at 2,000 a second, not by the few that came during the last write.
 *
 * <p>What makes that safe:
 * <ul>
 * <li>A batch that fails (Postgres down) stays at the head and is written again, with a growing pause, until it
 * commits: answers given during an outage reach the log and the outbox once Postgres is back (catch-up).</li>
 * <li>Every row is inserted {@code ON CONFLICT DO NOTHING} on the log's key, and a report's events are appended only
 * when its row is new, so a retried answer, another replica, or a hangup that wrote the answer itself never cause
 * a second event.</li>
 * <li>The carrier's later webhooks of a call (dial events, hangup) first wait until its answer is written; if the
 * process died before that, the hangup rebuilds the answer from the index and writes it (see {@link CallHandler}).
 * </li>
 * <li>A graceful stop writes what is queued before the application closes its database pool.</li>
 * </ul>
 * When the queue is full (a long outage) the answer is still given and counted as degraded; its record then depends
 * on the hangup's rebuild.
 */
final class AnswerJournal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnswerJournal.class);
    private static final long PAUSE_MILLIS = 25;
    private static final Duration PAUSE = Duration.ofMillis(PAUSE_MILLIS);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(2);

    /**
     * A decided answer waiting to be written.
     *
     * @param claim          the live-call claim the answer made, null when it made none (busy)
     * @param rememberCaller E.164 caller to remember as the last of the bridged single-party session, else null
     */
    record Pending(String callUuid, String kind, CallStep step,
            Instant receivedAt, List<VeilEvent> events, WebhookLog.@Nullable LiveCallRow claim,
            @Nullable String rememberCaller, CompletableFuture<Void> written) {
    }

    private final WebhookLog webhookLog;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final int batchSize;
    private final BlockingQueue<Pending> queue;
    /** The batch being written, kept until it commits. */
    private final List<Pending> inFlight = new ArrayList<>();
    private final Map<String, Pending> byCall = new ConcurrentHashMap<>();
    private final RepeatingTask writer;
    private final Counter failures;
    private volatile Duration backoff = Duration.ZERO;

    AnswerJournal(WebhookLog webhookLog, Outbox outbox, TransactionalOperator tx, int capacity, int batchSize,
            MeterRegistry meters) {
        this.webhookLog = webhookLog;
        this.outbox = outbox;
        this.tx = tx;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new RepeatingTask("answer journal", this::writeBatch, PAUSE);
        Gauge.builder("veil.router.answer.journal.backlog", byCall, Map::size)
                .description("Answers given but not yet written to Postgres (webhook log, claim, events)")
                .register(meters);
        this.failures = Counter.builder("veil.router.answer.journal.failures")
                .description("Batches of answers that could not be written (kept and written again)")
                .register(meters);
    }

    /** Queues an answer to be written; false when the queue is full. */
    boolean add(Pending pending) {
        byCall.put(pending.callUuid(), pending);
        if (queue.offer(pending)) {
            return true;
        }
        byCall.remove(pending.callUuid(), pending);
        return false;
    }

    /** The instruction of this call's report of this kind while it waits to be written; else null. */
    @Nullable CallInstruction instructionOf(String callUuid, String kind) {
        Pending pending = byCall.get(callUuid);
        return pending == null || !pending.kind().equals(kind) ? null : pending.step().instruction();
    }

    /**
     * Completes once this call's answer is written (at once when none is waiting); fails after {@code timeout},
     * so the carrier's webhook fails and is retried rather than acted on without its answer.
     */
    Mono<Void> written(String callUuid, Duration timeout) {
        Pending pending = byCall.get(callUuid);
        return pending == null ? Mono.empty() : Mono.fromFuture(pending.written(), true).timeout(timeout);
    }

    /** Answers not yet written. */
    int backlog() {
        return byCall.size();
    }

    /** Writes one batch; emits whether more is waiting. Never fails: a failed batch is kept and retried. */
    private Mono<Boolean> writeBatch() {
        if (inFlight.isEmpty()) {
            queue.drainTo(inFlight, batchSize);
        }
        if (inFlight.isEmpty()) {
            return Mono.just(false);
        }
        List<Pending> batch = List.copyOf(inFlight);
        return tx.transactional(write(batch))
                .then(Mono.fromSupplier(() -> {
                    inFlight.clear();
                    for (Pending written : batch) {
                        byCall.remove(written.callUuid(), written);
                        written.written().complete(null);
                    }
                    if (!backoff.isZero()) {
                        log.info("answer journal: Postgres answers again, {} answers written", batch.size());
                    }
                    backoff = Duration.ZERO;
                    return batch.size() == batchSize && !queue.isEmpty();
                }))
                .onErrorResume(e -> {
                    failures.increment();
                    if (backoff.isZero()) {
                        log.warn("answer journal: cannot write {} answers ({}); retrying until Postgres answers",
                                batch.size(), e.toString());
                    }
                    Duration next = backoff.isZero() ? PAUSE : backoff.multipliedBy(2);
                    backoff = next.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : next;
                    return Mono.delay(backoff).thenReturn(false);
                });
    }

    private Mono<Void> write(List<Pending> batch) {
        return webhookLog.recordAll(batch).collect(HashSet<String>::new, Set::add).flatMap(fresh -> {
            List<Pending> created = batch.stream().filter(p -> fresh.contains(p.callUuid() + '|' + p.kind()))
                    .toList();
            Map<String, WebhookLog.LiveCallRow> claims = new LinkedHashMap<>();
            created.stream().map(Pending::claim).filter(c -> c != null).forEach(c -> claims.put(c.sessionUuid(), c));
            Mono<Void> remembered = Flux.fromIterable(created).filter(p -> p.rememberCaller() != null)
                    .concatMap(p -> webhookLog.rememberCaller(p.step().connected().sessionUuid(),
                            p.rememberCaller(), p.receivedAt()))
                    .then();
            Mono<Void> events = outbox.appendAll(created.stream()
                    .flatMap(p -> p.events().stream().map(e -> new Outbox.Entry(e, p.callUuid()))).toList());
            return webhookLog.claimAll(List.copyOf(claims.values())).then(remembered).then(events);
        });
    }

    @Override
    public void start() {
        writer.start();
    }

    /** Stops the loop, then writes what is still queued (best effort: a dead Postgres cannot be waited for). */
    @Override
    public void stop() {
        writer.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!inFlight.isEmpty() || !queue.isEmpty()) && System.nanoTime() < deadline) {
            writeBatch().block();
        }
        if (!byCall.isEmpty()) {
            log.warn("answer journal: {} answers not written at shutdown; their hangups will rebuild them",
                    byCall.size());
        }
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }

    /** Stops after the web server (no more answers come) and before the database pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
