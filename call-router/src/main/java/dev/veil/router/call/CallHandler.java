package dev.veil.router.call;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLegChanged;
import dev.veil.events.InteractionStarted;
import dev.veil.events.LegDirection;
import dev.veil.events.LegState;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.events.VeilEvent;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.call.CallInstruction.Acknowledge;
import dev.veil.router.call.CallInstruction.PlayAndHangUp;
import dev.veil.router.call.CallInstruction.PlaySound;
import dev.veil.router.call.CallInstruction.Reject;
import dev.veil.router.call.CallReport.CallHungUp;
import dev.veil.router.call.CallReport.DialAnswered;
import dev.veil.router.call.CallReport.DialEnded;
import dev.veil.router.call.CallReport.IncomingCall;
import dev.veil.router.call.CallReport.OutboundAnswered;
import dev.veil.router.call.CallReport.PinEntered;
import dev.veil.router.call.CallReport.SoundRequested;
import dev.veil.router.index.IndexedSession;
import dev.veil.router.index.Route;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Acts on each carrier report, once per call and kind, and decides what the carrier does next.
 *
 * <ul>
 * <li>A party calling a live session's virtual number is bridged to the other party ({@code InteractionStarted},
 * {@code CallLegChanged} for the caller's answered leg and the other party's ringing leg, and
 * {@code PinAuthenticated AuthorizedCaller} in a PIN session), unless the session forces PIN checks or another call
 * of the session is live (refused as busy).</li>
 * <li>Anyone else: asked for a PIN when the number has PIN sessions; connected to the party of the number's
 * single-party session without PIN; else played the unknown-caller announcement, or rejected.</li>
 * <li>A PIN selects the session among the number's PIN sessions: the first party's PIN connects to the second party
 * and vice versa ({@code PinAuthenticated success}); a wrong one asks again up to the session's retries, then ends
 * the call ({@code PinAuthenticated failed}).</li>
 * <li>Request-a-call: the first party, once it answers Veil's call, is bridged to the second party.</li>
 * <li>Dial reports cause the other party's leg events; the A leg's hangup its {@code CallLegChanged} and
 * {@code CallEnded} with every leg.</li>
 * </ul>
 * A bridge is decided and answered from memory: the index, the session's live call claimed in {@link LiveCalls},
 * and the instruction remembered there for the carrier's retries. Its webhook log row, claim and events are written
 * behind by the {@link AnswerJournal}, each event only with a new log row, so a repeated webhook gets the same
 * instruction and causes no second event. The carrier's later reports of a call wait until its answer is written,
 * and a hangup whose answer never was (the router died first) rebuilds it. PIN steps commit with their log row
 * (waiting on Postgres at most {@code dbTimeout}, else answered from memory and counted degraded). Nothing here
 * waits on Kafka.
 */
public final class CallHandler {

    private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
    static final String NO_ROUTE = "rejected";
    static final String BUSY = "busy";
    /** Beyond its time limit and ring timeout, how long a call's claim on its session survives a lost hangup. */
    private static final Duration LIVE_CALL_GRACE = Duration.ofMinutes(1);
    /**
     * How long a dial event or hangup waits for its call's answer to be written behind; after it the webhook fails
     * (the carrier retries it) rather than being acted on without its answer.
     */
    private static final Duration ANSWER_WRITE_WAIT = Duration.ofSeconds(3);

    /** How long a refused-as-busy answer is remembered for its retries. */
    private static final Duration BUSY_MEMORY = Duration.ofMinutes(10);

    private final Routes routes;
    private final RoutingIndex index;
    private final WebhookLog webhookLog;
    private final LiveCalls liveCalls;
    private final AnswerJournal journal;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Duration dbTimeout;
    private final MeterRegistry meters;
    private final Counter degraded;

    CallHandler(Routes routes, RoutingIndex index, WebhookLog webhookLog, LiveCalls liveCalls, AnswerJournal journal,
            Outbox outbox, TransactionalOperator tx, Clock clock, Duration dbTimeout, MeterRegistry meters) {
        this.routes = routes;
        this.index = index;
        this.webhookLog = webhookLog;
        this.liveCalls = liveCalls;
        this.journal = journal;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.dbTimeout = dbTimeout;
        this.meters = meters;
        this.degraded = Counter.builder("veil.router.answer.degraded")
                .description("Answers given without being recorded: the write-behind queue was full, or Postgres did"
                        + " not answer a PIN step in time")
                .register(meters);
    }

    /**
     * Acts on a report and emits the instruction for the carrier.
     *
     * @param payload the webhook's parameters as posted, recorded with the report
     */
    public Mono<CallInstruction> handle(CallReport report, Map<String, List<String>> payload) {
        return switch (report) {
            case IncomingCall call -> answer(call, payload);
            case PinEntered pin -> pinEntered(pin, payload);
            case OutboundAnswered outbound -> outboundAnswered(outbound, payload);
            case SoundRequested sound -> Mono.just(new PlaySound(sound.playUrl()));
            case CallHungUp hungUp -> hangUp(hungUp, payload).thenReturn(new Acknowledge());
            case DialAnswered answered -> dialReport(answered, payload, connected -> legChanged(connected,
                    answered.callUuid(), answered.bLegUuid(), LegState.ANSWERED, null));
            case DialEnded ended -> dialReport(ended, payload, connected -> legChanged(connected, ended.callUuid(),
                    ended.bLegUuid(), LegState.HUNG_UP, ended.hangupCause()));
            default -> webhookLog.record(report.callUuid(), report.kind(), payload, report, clock.instant())
                    .thenReturn(new Acknowledge());
        };
    }

    private Mono<CallInstruction> answer(IncomingCall call, Map<String, List<String>> payload) {
        if (call.called() == null) {
            return refuse(call.callUuid(), new Reject(NO_ROUTE));
        }
        PhoneNumber vn = call.called();
        Mono<Route> route = call.caller() == null ? Mono.empty() : routes.find(vn, call.caller());
        return route.flatMap(r -> party(call, r, payload))
                .switchIfEmpty(Mono.defer(() -> stranger(call, vn, payload)));
    }

    /** A party of a live session called its virtual number. */
    private Mono<CallInstruction> party(IncomingCall call, Route route, Map<String, List<String>> payload) {
        IndexedSession session = route.session();
        if (session.pin() != null && session.pin().force()) {
            return askForPin(call.callUuid(), PinCheck.of(session), payload);
        }
        PhoneNumber other = route.otherParty();
        if (other == null) {
            // A single-party session's party, before anyone called it: nobody to call back yet, unless the
            // durable memory (a restarted router) knows who called last.
            return webhookLog.lastCaller(session.sessionUuid()).timeout(dbTimeout).onErrorResume(e -> Mono.empty())
                    .<CallInstruction>flatMap(last -> connectParty(call, route, PhoneNumber.parse(last), payload))
                    .switchIfEmpty(Mono.defer(() -> refuse(call.callUuid(), unknownCallerTreatment(session))));
        }
        return connectParty(call, route, other, payload);
    }

    private Mono<CallInstruction> connectParty(IncomingCall call, Route route, PhoneNumber other,
            Map<String, List<String>> payload) {
        IndexedSession session = route.session();
        ConnectedCall connected = ConnectedCall.of(session, route.callerRole(), route.caller(), other,
                LegDirection.INBOUND);
        List<VeilEvent> extra = session.pin() == null ? List.of() : List.of(new PinAuthenticated(
                session.sessionUuid(), session.accountId(), call.callUuid(), PinOutcome.AUTHORIZED_CALLER, 0,
                clock.instant()));
        return connect(call.callUuid(), WebhookKind.ANSWER.logName(), payload, connected, extra, null);
    }

    /** A caller who is no party of a live session on the number. */
    private Mono<CallInstruction> stranger(IncomingCall call, PhoneNumber vn, Map<String, List<String>> payload) {
        var pinSession = index.pinSessionOn(vn);
        if (pinSession.isPresent()) {
            return askForPin(call.callUuid(), PinCheck.of(pinSession.get()), payload);
        }
        var anyCaller = index.anyCallerSessionOn(vn);
        if (anyCaller.isPresent() && call.caller() != null) {
            IndexedSession session = anyCaller.get();
            PartyRole role = session.missingRole();
            PhoneNumber party = session.party(role.other());
            ConnectedCall connected = ConnectedCall.of(session, role, call.caller(), party, LegDirection.INBOUND);
            return connect(call.callUuid(), WebhookKind.ANSWER.logName(), payload, connected, List.of(),
                    call.caller());
        }
        return refuse(call.callUuid(), index.unknownCallerPlayOn(vn)
                .<CallInstruction>map(s -> new PlayAndHangUp(s.unknownCallerPlay()))
                .orElse(new Reject(NO_ROUTE)));
    }

    private static CallInstruction unknownCallerTreatment(IndexedSession session) {
        return session.unknownCallerPlay() == null ? new Reject(NO_ROUTE)
                : new PlayAndHangUp(session.unknownCallerPlay());
    }

    private Mono<CallInstruction> askForPin(String callUuid, PinCheck check, Map<String, List<String>> payload) {
        CallStep step = new CallStep(check.ask(1), null, check);
        Mono<CallInstruction> recorded = webhookLog.record(callUuid, WebhookKind.ANSWER, payload, step,
                        clock.instant())
                .flatMap(isNew -> isNew ? Mono.just(step.instruction()) : stepBefore(callUuid, "answer"));
        return recorded.timeout(dbTimeout).onErrorResume(e -> {
            // The prompt needs no state: the PIN webhook finds the check again from the index.
            degraded("pin prompt", e);
            return Mono.just(step.instruction());
        }).doOnNext(i -> counter("veil.calls.routed", "outcome", "pin_prompt"));
    }

    private Mono<CallInstruction> pinEntered(PinEntered pin, Map<String, List<String>> payload) {
        Mono<PinCheck> check = webhookLog.pinCheck(pin.callUuid()).timeout(dbTimeout)
                .onErrorResume(e -> Mono.empty())
                .switchIfEmpty(Mono.defer(() -> Mono.justOrEmpty(pin.called() == null ? null
                        : index.pinSessionOn(pin.called()).map(PinCheck::of).orElse(null))));
        return check.flatMap(c -> pinTry(pin, c, payload))
                .switchIfEmpty(Mono.defer(() -> Mono.just(new PlayAndHangUp(null))));
    }

    private Mono<CallInstruction> pinTry(PinEntered pin, PinCheck check, Map<String, List<String>> payload) {
        String kind = "pin_" + pin.attempt();
        Instant now = clock.instant();
        IndexedSession session = pin.called() == null || pin.digits().isEmpty() ? null
                : index.byPin(pin.called(), pin.digits()).orElse(null);
        if (session != null && session.pin() != null) {
            var settings = session.pin();
            PartyRole pinOf = pin.digits().equals(settings.firstPartyPin()) ? PartyRole.FIRST_PARTY
                    : PartyRole.SECOND_PARTY;
            PhoneNumber other = session.party(pinOf.other());
            PartyRole callerRole = pinOf;
            if (other == null) {
                // Single-party session: either PIN connects to the one party there is.
                callerRole = session.missingRole();
                other = session.party(callerRole.other());
            }
            // A withheld caller's leg is rated in the virtual number's country.
            PhoneNumber caller = pin.caller() != null ? pin.caller() : session.virtualNumber();
            ConnectedCall connected = ConnectedCall.of(session, callerRole, caller, other, LegDirection.INBOUND);
            List<VeilEvent> extra = List.of(new PinAuthenticated(session.sessionUuid(), session.accountId(),
                    pin.callUuid(), PinOutcome.SUCCESS, pin.attempt() - 1, now));
            boolean single = session.missingRole() != null;
            counter("veil.router.pin.checks", "outcome", "success");
            return connect(pin.callUuid(), kind, payload, connected, extra, single ? pin.caller() : null);
        }
        if (pin.attempt() <= check.retries()) {
            CallStep step = new CallStep(check.ask(pin.attempt() + 1), null, check);
            return recordStep(pin.callUuid(), kind, payload, step, List.of(), now)
                    .doOnNext(i -> counter("veil.router.pin.checks", "outcome", "retry"));
        }
        CallStep step = CallStep.of(new PlayAndHangUp(check.incorrectPinPlay()));
        List<VeilEvent> failed = List.of(new PinAuthenticated(check.sessionUuid(), check.accountId(),
                pin.callUuid(), PinOutcome.FAILED, pin.attempt(), now));
        return recordStep(pin.callUuid(), kind, payload, step, failed, now)
                .doOnNext(i -> counter("veil.router.pin.checks", "outcome", "failed"));
    }

    private Mono<CallInstruction> outboundAnswered(OutboundAnswered outbound, Map<String, List<String>> payload) {
        return index.session(outbound.sessionUuid())
                .filter(s -> s.firstParty() != null && s.secondParty() != null)
                .map(s -> connect(outbound.callUuid(), WebhookKind.ANSWER.logName(), payload,
                        ConnectedCall.of(s, PartyRole.FIRST_PARTY, s.firstParty(), s.secondParty(),
                                LegDirection.OUTBOUND), List.of(), null))
                .orElseGet(() -> refuse(outbound.callUuid(), new PlayAndHangUp(null)));
    }

    /**
     * Bridges a call from memory: claims the session's one live call in memory, answers, and queues the webhook log
     * row, the claim and the events to be written behind by the {@link AnswerJournal}. A repeated webhook gets the
     * instruction given the first time; a call while another is live is refused as busy.
     *
     * @param rememberCaller the caller to remember as the last interaction's, for single-party sessions
     */
    private Mono<CallInstruction> connect(String callUuid, String kind, Map<String, List<String>> payload,
            ConnectedCall connected, List<VeilEvent> extra, @Nullable PhoneNumber rememberCaller) {
        CallStep before = liveCalls.answerOf(callUuid);
        if (before != null) {
            return Mono.just(before.instruction());
        }
        Instant now = clock.instant();
        Instant staleAt = now.plusSeconds(connected.callTimeLimit() + connected.ringTimeout()).plus(LIVE_CALL_GRACE);
        boolean free = liveCalls.claim(connected.sessionUuid(), callUuid, now, staleAt);
        CallStep step = free ? new CallStep(connected.instruction(), connected, null) : CallStep.of(new Reject(BUSY));
        liveCalls.answered(callUuid, step, free ? staleAt : now.plus(BUSY_MEMORY));
        List<VeilEvent> events = List.of();
        if (free) {
            events = new ArrayList<>(extra);
            events.addAll(started(connected, callUuid, now));
            if (rememberCaller != null) {
                index.rememberCaller(connected.sessionUuid(), rememberCaller);
            }
        }
        boolean queued = journal.add(new AnswerJournal.Pending(callUuid, kind, payload, step, now, events,
                free ? new WebhookLog.LiveCallRow(connected.sessionUuid(), callUuid, now, staleAt) : null,
                free && rememberCaller != null ? rememberCaller.e164() : null, new CompletableFuture<>()));
        if (!queued) {
            degraded.increment();
            log.warn("answer journal full: call {} answered without being queued; its hangup rebuilds it", callUuid);
        }
        counter("veil.calls.routed", "outcome", free ? "connected" : BUSY);
        return Mono.just(step.instruction());
    }

    /** The events of a bridge: the interaction, the caller's leg answered, the other party's leg ringing. */
    private static List<VeilEvent> started(ConnectedCall connected, String callUuid, Instant now) {
        return List.of(
                new InteractionStarted(connected.sessionUuid(), connected.accountId(), callUuid,
                        connected.callerRole(), now),
                new CallLegChanged(connected.sessionUuid(), connected.accountId(), callUuid, callUuid,
                        connected.callerRole(), connected.callerDirection(), LegState.ANSWERED, null, now),
                new CallLegChanged(connected.sessionUuid(), connected.accountId(), callUuid,
                        CallLegs.outboundLegId(callUuid), connected.callerRole().other(), LegDirection.OUTBOUND,
                        LegState.RINGING, null, now));
    }

    /** Records a step that bridges nothing (another PIN try, the end of a PIN check) with its events. */
    private Mono<CallInstruction> recordStep(String callUuid, String kind, Map<String, List<String>> payload,
            CallStep step, List<VeilEvent> events, Instant now) {
        Mono<CallInstruction> recorded = webhookLog.record(callUuid, kind, payload, step, now)
                .flatMap(isNew -> isNew ? append(events, callUuid).thenReturn(step.instruction())
                        : stepBefore(callUuid, kind));
        return tx.transactional(recorded).timeout(dbTimeout).onErrorResume(e -> {
            degraded("pin try", e);
            return Mono.just(step.instruction());
        });
    }

    /**
     * Refuses a call without recording it, unless the call was answered before (a repeated webhook after its
     * session ended), which gets the same answer.
     */
    private Mono<CallInstruction> refuse(String callUuid, CallInstruction refusal) {
        CallStep before = liveCalls.answerOf(callUuid);
        if (before != null) {
            return Mono.just(before.instruction());
        }
        return stepBefore(callUuid, WebhookKind.ANSWER.logName())
                .timeout(dbTimeout).onErrorResume(e -> {
                    degraded("refusal", e);
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    counter("veil.calls.routed", "outcome", refusal instanceof PlayAndHangUp ? "announced"
                            : "rejected");
                    return refusal;
                }));
    }

    private Mono<CallInstruction> stepBefore(String callUuid, String kind) {
        return webhookLog.find(callUuid, kind, CallStep.class).map(logged -> logged.detail().instruction());
    }

    private Mono<CallInstruction> dialReport(CallReport report, Map<String, List<String>> payload,
            java.util.function.Function<ConnectedCall, VeilEvent> event) {
        Mono<Void> recorded = webhookLog.record(report.callUuid(), report.kind(), payload, report, clock.instant())
                .filter(isNew -> isNew)
                .flatMap(isNew -> webhookLog.connected(report.callUuid()))
                .flatMap(connected -> outbox.append(event.apply(connected.detail()), report.callUuid()));
        return journal.written(report.callUuid(), ANSWER_WRITE_WAIT).then(tx.transactional(recorded))
                .thenReturn(new Acknowledge());
    }

    private CallLegChanged legChanged(ConnectedCall connected, String callUuid, String legUuid, LegState state,
            @Nullable String hangupCause) {
        return new CallLegChanged(connected.sessionUuid(), connected.accountId(), callUuid, legUuid,
                connected.callerRole().other(), LegDirection.OUTBOUND, state,
                hangupCause == null || hangupCause.isEmpty() ? null : hangupCause, clock.instant());
    }

    private Mono<Void> hangUp(CallHungUp hungUp, Map<String, List<String>> payload) {
        Instant now = clock.instant();
        String callUuid = hungUp.callUuid();
        Mono<Void> ended = webhookLog.record(callUuid, WebhookKind.HANGUP, payload, hungUp, now)
                .filter(isNew -> isNew)
                .flatMap(isNew -> webhookLog.dialReports(callUuid).collectList())
                // A call that was never bridged (rejected, PIN failed, or unknown) ends without CallEnded; one whose
                // caller hung up during a PIN check ends it as failed.
                .flatMap(dial -> webhookLog.connected(callUuid)
                        .switchIfEmpty(Mono.defer(() -> rebuiltAnswer(hungUp, dial)))
                        .switchIfEmpty(Mono.defer(() -> abandonedPinCheck(callUuid, now)).then(Mono.empty()))
                        .flatMap(answer -> {
                            ConnectedCall c = answer.detail();
                            CallEnded callEnded = CallLegs.ended(c, hungUp, dial, answer.receivedAt(), now);
                            CallLegChanged callerHungUp = new CallLegChanged(c.sessionUuid(), c.accountId(),
                                    callUuid, callUuid, c.callerRole(), c.callerDirection(), LegState.HUNG_UP,
                                    hungUp.hangupCause().isEmpty() ? null : hungUp.hangupCause(), now);
                            liveCalls.release(c.sessionUuid(), callUuid);
                            return webhookLog.releaseLiveCall(c.sessionUuid(), callUuid)
                                    .then(append(List.of(callerHungUp, callEnded), callUuid))
                                    .doOnSuccess(done -> log.debug("call {} of session {} ended", callUuid,
                                            callEnded.sessionUuid()));
                        }));
        return journal.written(callUuid, ANSWER_WRITE_WAIT).then(tx.transactional(ended))
                .doOnSuccess(done -> liveCalls.forget(callUuid));
    }

    /**
     * The answer of a bridged call whose answer was never written (the router died between answering from memory
     * and writing behind): rebuilt from the index, the numbers of the hangup and the number the carrier dialled,
     * and written now with its events, dated at the call's start, so the call still ends with its
     * {@code CallEnded}. Only when the call has no answer at all in the log: a refused call or a PIN prompt is not
     * a bridge. Empty when the call cannot be rebuilt (its session left the index meanwhile).
     */
    private Mono<WebhookLog.Logged<ConnectedCall>> rebuiltAnswer(CallHungUp hungUp, List<CallReport> dial) {
        String callUuid = hungUp.callUuid();
        return webhookLog.find(callUuid, WebhookKind.ANSWER, CallStep.class).hasElement()
                .filter(answered -> !answered)
                .flatMap(never -> Mono.justOrEmpty(rebuild(hungUp, dialled(dial))))
                .flatMap(connected -> {
                    Instant startedAt = hungUp.startTime() != null ? hungUp.startTime() : clock.instant();
                    CallStep step = new CallStep(connected.instruction(), connected, null);
                    log.info("call {} of session {}: answer rebuilt at its hangup (it was never written)", callUuid,
                            connected.sessionUuid());
                    return webhookLog.record(callUuid, WebhookKind.ANSWER, Map.of("RebuiltAt",
                                    List.of(WebhookKind.HANGUP.logName())), step, startedAt)
                            .flatMap(isNew -> isNew
                                    ? append(started(connected, callUuid, startedAt), callUuid)
                                            .thenReturn(new WebhookLog.Logged<>(connected, startedAt))
                                    : webhookLog.connected(callUuid));
                });
    }

    private @Nullable ConnectedCall rebuild(CallHungUp hungUp, @Nullable PhoneNumber dialled) {
        PhoneNumber vn = hungUp.called();
        PhoneNumber caller = hungUp.caller();
        if (vn == null) {
            return null;
        }
        Route asParty = caller == null ? null : index.find(vn, caller).orElse(null);
        if (asParty != null && asParty.otherParty() != null
                && (dialled == null || dialled.equals(asParty.otherParty()))) {
            return ConnectedCall.of(asParty.session(), asParty.callerRole(), caller, asParty.otherParty(),
                    LegDirection.INBOUND);
        }
        // A caller who is no party (PIN, single-party): the dialled party's route says which session and role.
        Route ofDialled = dialled == null ? null : index.find(vn, dialled).orElse(null);
        if (ofDialled == null) {
            return null;
        }
        return ConnectedCall.of(ofDialled.session(), ofDialled.callerRole().other(), caller != null ? caller : vn,
                dialled, LegDirection.INBOUND);
    }

    private static @Nullable PhoneNumber dialled(List<CallReport> dial) {
        for (CallReport report : dial) {
            PhoneNumber number = switch (report) {
                case DialAnswered answered -> answered.dialled();
                case DialEnded ended -> ended.dialled();
                default -> null;
            };
            if (number != null) {
                return number;
            }
        }
        return null;
    }

    /** {@code PinAuthenticated failed} for a call hung up while its PIN check was still under way. */
    private Mono<Void> abandonedPinCheck(String callUuid, Instant now) {
        return webhookLog.pinCheck(callUuid)
                .flatMap(check -> webhookLog.pinTries(callUuid)
                        .filter(tries -> !tries.ended())
                        .flatMap(tries -> outbox.append(new PinAuthenticated(check.sessionUuid(), check.accountId(),
                                callUuid, PinOutcome.FAILED, tries.count(), now), callUuid)));
    }

    private Mono<Void> append(List<VeilEvent> events, String callUuid) {
        return Flux.fromIterable(events).concatMap(e -> outbox.append(e, callUuid)).then();
    }

    private void degraded(String what, Throwable e) {
        degraded.increment();
        log.warn("Postgres did not answer in time for a {} ({}); answered from memory, nothing recorded", what,
                e.toString());
    }

    private void counter(String name, String tag, String value) {
        meters.counter(name, tag, value).increment();
    }
}
