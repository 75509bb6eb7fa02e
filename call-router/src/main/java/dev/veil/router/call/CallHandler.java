package dev.veil.router.call;

import dev.veil.events.InteractionStarted;
import dev.veil.platform.outbox.Outbox;
import dev.veil.router.call.CallInstruction.Acknowledge;
import dev.veil.router.call.CallInstruction.Reject;
import dev.veil.router.call.CallReport.CallHungUp;
import dev.veil.router.call.CallReport.IncomingCall;
import dev.veil.router.index.Routes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Acts on each carrier report, once per call and kind. An incoming call with a route is bridged to the session's
 * other party and causes {@code InteractionStarted}; one without a route is rejected and leaves no trace. Dial
 * reports are recorded. The caller's hangup of a bridged call causes {@code CallEnded} with every leg. Each event
 * commits in one transaction with its webhook log row, so a repeated webhook gets the same instruction and causes
 * no second event. Nothing here waits on Kafka.
 */
public final class CallHandler {

    private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
    static final String NO_ROUTE = "rejected";

    private final Routes routes;
    private final WebhookLog webhookLog;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Counter connected;
    private final Counter rejected;

    CallHandler(Routes routes, WebhookLog webhookLog, Outbox outbox, TransactionalOperator tx, Clock clock,
            MeterRegistry meters) {
        this.routes = routes;
        this.webhookLog = webhookLog;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.connected = Counter.builder("veil.calls.routed").tag("outcome", "connected")
                .description("Incoming calls answered, by outcome").register(meters);
        this.rejected = Counter.builder("veil.calls.routed").tag("outcome", "rejected")
                .description("Incoming calls answered, by outcome").register(meters);
    }

    /**
     * Acts on a report and emits the instruction for the carrier.
     *
     * @param payload the webhook's parameters as posted, recorded with the report
     */
    public Mono<CallInstruction> handle(CallReport report, Map<String, List<String>> payload) {
        return switch (report) {
            case IncomingCall call -> answer(call, payload);
            case CallHungUp hungUp -> hangUp(hungUp, payload).thenReturn(new Acknowledge());
            default -> webhookLog.record(report.callUuid(), report.kind(), payload, report, clock.instant())
                    .thenReturn(new Acknowledge());
        };
    }

    private Mono<CallInstruction> answer(IncomingCall call, Map<String, List<String>> payload) {
        if (call.caller() == null || call.called() == null) {
            return reject(call);
        }
        return routes.find(call.called(), call.caller())
                .flatMap(route -> connect(call, ConnectedCall.of(route), payload))
                .switchIfEmpty(Mono.defer(() -> reject(call)));
    }

    private Mono<CallInstruction> connect(IncomingCall call, ConnectedCall connectedCall,
            Map<String, List<String>> payload) {
        Instant now = clock.instant();
        Mono<Boolean> recorded = webhookLog.record(call.callUuid(), WebhookKind.ANSWER, payload, connectedCall, now)
                .flatMap(isNew -> isNew
                        ? outbox.append(new InteractionStarted(connectedCall.sessionUuid(),
                                connectedCall.accountId(), call.callUuid(), connectedCall.callerRole(), now),
                                call.callUuid()).thenReturn(true)
                        : Mono.just(false));
        return tx.transactional(recorded).flatMap(isNew -> {
            if (isNew) {
                connected.increment();
                return Mono.just(connectedCall.instruction());
            }
            // A repeated answer webhook: the instruction given the first time.
            return answeredBefore(call);
        });
    }

    /** Rejects a call without a route, unless it was bridged before (a repeated webhook after its session ended). */
    private Mono<CallInstruction> reject(IncomingCall call) {
        return answeredBefore(call).switchIfEmpty(Mono.fromSupplier(() -> {
            rejected.increment();
            return new Reject(NO_ROUTE);
        }));
    }

    private Mono<CallInstruction> answeredBefore(IncomingCall call) {
        return webhookLog.find(call.callUuid(), WebhookKind.ANSWER, ConnectedCall.class)
                .map(logged -> logged.detail().instruction());
    }

    private Mono<Void> hangUp(CallHungUp hungUp, Map<String, List<String>> payload) {
        Instant now = clock.instant();
        Mono<Void> ended = webhookLog.record(hungUp.callUuid(), WebhookKind.HANGUP, payload, hungUp, now)
                .filter(isNew -> isNew)
                // A call that was never bridged (rejected, or unknown) ends without an event.
                .flatMap(isNew -> webhookLog.find(hungUp.callUuid(), WebhookKind.ANSWER, ConnectedCall.class))
                .flatMap(answer -> webhookLog.dialReports(hungUp.callUuid()).collectList()
                        .map(dial -> CallLegs.ended(answer.detail(), hungUp, dial, answer.receivedAt(), now)))
                .flatMap(callEnded -> outbox.append(callEnded, hungUp.callUuid())
                        .doOnSuccess(done -> log.debug("call {} of session {} ended", hungUp.callUuid(),
                                callEnded.sessionUuid())));
        return tx.transactional(ended);
    }
}
