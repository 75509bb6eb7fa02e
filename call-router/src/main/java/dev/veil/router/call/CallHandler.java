package dev.veil.router.call;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLegChanged;
import dev.veil.events.CallerBlocked;
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
import dev.veil.router.limits.AccountCallLimits;
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
import java.util.Optional;
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
 * single-party session without PIN; else played the unknown-caller announcement, or rejected. The number's sessions
 * created a moment ago, which the index may not have read yet, are learnt first ({@link Routes}).</li>
 * <li>A PIN selects the session among the number's PIN sessions (a PIN the index does not know is looked for among
 * the number's sessions created a moment ago too): the first party's PIN connects to the second party and vice versa
 * ({@code PinAuthenticated success}); a wrong one asks again up to the session's retries, then ends the call
 * ({@code PinAuthenticated failed}).</li>
 * <li>PIN guessing: a caller who is no registered party of the number's live sessions and types too many wrong PINs
 * on the number, across its sessions, is blocked there for a while ({@code CallerBlocked}); while blocked, its calls
 * are rejected without a PIN prompt.</li>
 * <li>Calls started per account: a bridge beyond the account's limit is refused as busy.</li>
 * <li>Request-a-call: the first party, once it answers Veil's call, is bridged to the second party.</li>
 * <li>Dial reports cause the other party's leg events; the A leg's hangup its {@code CallLegChanged} and
 * {@code CallEnded} with every leg.</li>
 * </ul>
 * A bridge is decided and answered from memory: the index, and the session's live call claimed in
 * {@link LiveCalls}, which also knows the calls answered. Its webhook log row, claim and events are written behind by
 * the {@link AnswerJournal}, each event only with a new log row; a repeated webhook gets the same instruction (from
 * the journal until it is written, then from the log) and causes no second event. The carrier's later reports of a
 * call wait until its answer is written, and a hangup whose answer never was (the router died first) rebuilds it. PIN steps commit with their log row
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
    private final PinGuessing pinGuessing;
    private final Counter callersBlocked;
    private final AccountCallLimits callLimits;
    private final Counter rateLimited;

    CallHandler(Routes routes, RoutingIndex index, WebhookLog webhookLog, LiveCalls liveCalls, AnswerJournal journal,
            PinGuessing pinGuessing, AccountCallLimits callLimits, Outbox outbox, TransactionalOperator tx,
            Clock clock, Duration dbTimeout, MeterRegistry meters) {
        this.routes = routes;
        this.index = index;
        this.webhookLog = webhookLog;
        this.liveCalls = liveCalls;
        this.journal = journal;
        this.pinGuessing = pinGuessing;
        this.callLimits = callLimits;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.dbTimeout = dbTimeout;
        this.meters = meters;
        this.degraded = Counter.builder("veil.router.answer.degraded")
                .description("Answers given without being recorded: the write-behind queue was full, or Postgres did"
                        + " not answer a PIN step in time")
                .register(meters);
        this.callersBlocked = Counter.builder("veil.pin.callers_blocked")
                .description("Callers blocked on a virtual number for typing too many wrong PINs")
                .register(meters);
        this.rateLimited = Counter.builder("veil.calls.rate_limited")
                .description("Calls refused as busy because their account started calls beyond its limit")
                .register(meters);
    }

    /**
     * Acts on a report and emits the instruction for the carrier.
     */
    public Mono<CallInstruction> handle(CallReport report) {
        return switch (report) {
            case IncomingCall call -> answer(call);
            case PinEntered pin -> pinEntered(pin);
            case OutboundAnswered outbound -> outboundAnswered(outbound);
            case SoundRequested sound -> Mono.just(new PlaySound(sound.playUrl()));
            case CallHungUp hungUp -> hangUp(hungUp).thenReturn(new Acknowledge());
            case DialAnswered answered -> dialReport(answered, connected -> legChanged(connected,
                    answered.callUuid(), answered.bLegUuid(), LegState.ANSWERED, null));
            case DialEnded ended -> dialReport(ended, connected -> legChanged(connected, ended.callUuid(),
                    ended.bLegUuid(), LegState.HUNG_UP, ended.hangupCause()));
            default -> webhookLog.record(report.callUuid(), report.kind(), report, clock.instant())
                    .thenReturn(new Acknowledge());
        };
    }

    private Mono<CallInstruction> answer(IncomingCall call) {
        if (call.called() == null) {
            return refuse(call.callUuid(), new Reject(NO_ROUTE));
        }
        PhoneNumber vn = call.called();
        return routes.find(vn, call.caller()).flatMap(r -> party(call, r))
                .switchIfEmpty(Mono.defer(() -> stranger(call, vn)));
    }

    /** A party of a live session called its virtual number. */
    private Mono<CallInstruction> party(IncomingCall call, Route route) {
        IndexedSession session = route.session();
        if (session.pin() != null && session.pin().force()) {
            return askForPin(call.callUuid(), PinCheck.of(session));
        }
        PhoneNumber other = route.otherParty();
        if (other == null) {
            // A single-party session's party, before anyone called it: nobody to call back yet, unless the
            // durable memory (a restarted router) knows who called last.
            return webhookLog.lastCaller(session.sessionUuid()).timeout(dbTimeout).onErrorResume(e -> Mono.empty())
                    .<CallInstruction>flatMap(last -> connectParty(call, route, PhoneNumber.parse(last)))
                    .switchIfEmpty(Mono.defer(() -> refuse(call.callUuid(), unknownCallerTreatment(session))));
        }
        return connectParty(call, route, other);
    }

    private Mono<CallInstruction> connectParty(IncomingCall call, Route route, PhoneNumber other) {
        IndexedSession session = route.session();
        ConnectedCall connected = ConnectedCall.of(session, route.callerRole(), route.caller(), other,
                LegDirection.INBOUND);
        List<VeilEvent> extra = session.pin() == null ? List.of() : List.of(new PinAuthenticated(
                session.sessionUuid(), session.accountId(), call.callUuid(), PinOutcome.AUTHORIZED_CALLER, 0,
                clock.instant()));
        return connect(call.callUuid(), WebhookKind.ANSWER.logName(), connected, extra, null);
    }

    /** A caller who is no party of a live session on the number. */
    private Mono<CallInstruction> stranger(IncomingCall call, PhoneNumber vn) {
        var pinSession = index.pinSessionOn(vn);
        if (pinSession.isPresent()) {
            PinCheck check = PinCheck.of(pinSession.get());
            // A caller blocked for guessing PINs on this number is refused without a prompt.
            return blocked(vn, call.caller()).flatMap(blocked -> blocked
                    ? refuse(call.callUuid(), new Reject(NO_ROUTE), "blocked")
                    : askForPin(call.callUuid(), check));
        }
        var anyCaller = index.anyCallerSessionOn(vn);
        if (anyCaller.isPresent() && call.caller() != null) {
            IndexedSession session = anyCaller.get();
            PartyRole role = session.missingRole();
            PhoneNumber party = session.party(role.other());
            ConnectedCall connected = ConnectedCall.of(session, role, call.caller(), party, LegDirection.INBOUND);
            return connect(call.callUuid(), WebhookKind.ANSWER.logName(), connected, List.of(),
                    call.caller());
        }
        return refuse(call.callUuid(), index.unknownCallerPlayOn(vn)
                .<CallInstruction>map(s -> new PlayAndHangUp(s.unknownCallerPlay()))
                .orElse(new Reject(NO_ROUTE)));
    }

    /**
     * Whether {@code caller} is blocked on {@code vn} for guessing PINs; false for a withheld caller, and when
     * Postgres does not answer in time (the PIN check itself still limits each call's tries).
     */
    private Mono<Boolean> blocked(PhoneNumber vn, @Nullable PhoneNumber caller) {
        if (caller == null) {
            return Mono.just(false);
        }
        return pinGuessing.blocked(vn, caller, clock.instant()).timeout(dbTimeout).onErrorResume(e -> {
            degraded("PIN guessing check", e);
            return Mono.just(false);
        });
    }

    private static CallInstruction unknownCallerTreatment(IndexedSession session) {
        return session.unknownCallerPlay() == null ? new Reject(NO_ROUTE)
                : new PlayAndHangUp(session.unknownCallerPlay());
    }

    private Mono<CallInstruction> askForPin(String callUuid, PinCheck check) {
        CallStep step = new CallStep(check.ask(1), null, check);
        Mono<CallInstruction> recorded = webhookLog.record(callUuid, WebhookKind.ANSWER, step,
                        clock.instant())
                .flatMap(isNew -> isNew ? Mono.just(step.instruction()) : stepBefore(callUuid, "answer"));
        return recorded.timeout(dbTimeout).onErrorResume(e -> {
            // The prompt needs no state: the PIN webhook finds the check again from the index.
            degraded("pin prompt", e);
            return Mono.just(step.instruction());
        }).doOnNext(i -> counter("veil.calls.routed", "outcome", "pin_prompt"));
    }

    private Mono<CallInstruction> pinEntered(PinEntered pin) {
        Mono<PinCheck> check = webhookLog.pinCheck(pin.callUuid()).timeout(dbTimeout)
                .onErrorResume(e -> Mono.empty())
                .switchIfEmpty(Mono.defer(() -> Mono.justOrEmpty(pin.called() == null ? null
                        : index.pinSessionOn(pin.called()).map(PinCheck::of).orElse(null))));
        return check.flatMap(c -> pinTry(pin, c))
                .switchIfEmpty(Mono.defer(() -> Mono.just(new PlayAndHangUp(null))));
    }

    /**
     * A PIN try. A caller who is no registered party of the number's live sessions is checked against PIN guessing:
     * blocked, the call ends without trying the PIN; a wrong PIN counts towards a block.
     */
    private Mono<CallInstruction> pinTry(PinEntered pin, PinCheck check) {
        boolean guesser = pin.caller() != null && pin.called() != null
                && index.find(pin.called(), pin.caller()).isEmpty();
        Mono<Boolean> blocked = guesser ? blocked(pin.called(), pin.caller()) : Mono.just(false);
        return blocked.flatMap(isBlocked -> isBlocked ? blockedTry(pin, check)
                : pinTry(pin, check, guesser));
    }

    /** A PIN try of a caller blocked meanwhile (on another call): the call ends, the check failed. */
    private Mono<CallInstruction> blockedTry(PinEntered pin, PinCheck check) {
        Instant now = clock.instant();
        List<VeilEvent> failed = List.of(new PinAuthenticated(check.sessionUuid(), check.accountId(),
                pin.callUuid(), PinOutcome.FAILED, pin.attempt(), now));
        return recordStep(pin.callUuid(), "pin_" + pin.attempt(), CallStep.of(new Reject(NO_ROUTE)),
                failed, now).doOnNext(i -> counter("veil.router.pin.checks", "outcome", "failed"));
    }

    private Mono<CallInstruction> pinTry(PinEntered pin, PinCheck check, boolean guesser) {
        Mono<IndexedSession> byPin = pin.called() == null || pin.digits().isEmpty() ? Mono.empty()
                : routes.byPin(pin.called(), pin.digits());
        return byPin.map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(session -> pinTry(pin, check, guesser, session.orElse(null)));
    }

    /** A PIN try, {@code session} being the live session on the number with the PIN typed (null when none). */
    private Mono<CallInstruction> pinTry(PinEntered pin, PinCheck check, boolean guesser,
            @Nullable IndexedSession session) {
        String kind = "pin_" + pin.attempt();
        Instant now = clock.instant();
        PartyRole pinOf = session == null ? null : session.pinOwner(pin.digits());
        if (session != null && pinOf != null) {
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
            return connect(pin.callUuid(), kind, connected, extra, single ? pin.caller() : null);
        }
        boolean retry = pin.attempt() <= check.retries();
        CallStep step = retry ? new CallStep(check.ask(pin.attempt() + 1), null, check)
                : CallStep.of(new PlayAndHangUp(check.incorrectPinPlay()));
        List<VeilEvent> failed = List.of(new PinAuthenticated(check.sessionUuid(), check.accountId(),
                pin.callUuid(), PinOutcome.FAILED, pin.attempt(), now));
        if (guesser && !pin.digits().isEmpty()) {
            return wrongPin(pin, check, kind, step, retry ? List.of() : failed, failed, now);
        }
        return recordStep(pin.callUuid(), kind, step, retry ? List.of() : failed, now)
                .doOnNext(i -> counter("veil.router.pin.checks", "outcome", retry ? "retry" : "failed"));
    }

    /** What a wrong PIN led to, and the block it started, if any. */
    private record WrongPin(CallInstruction instruction, PinGuessing.@Nullable Block block) {
    }

    /**
     * A wrong PIN typed by a caller who counts for PIN guessing: recorded with its log row and counted in the same
     * transaction (a retried webhook counts nothing). When it reaches the limit the call ends instead of asking
     * again ({@code PinAuthenticated failed}), the caller is blocked on the number and {@code CallerBlocked} is
     * published.
     */
    private Mono<CallInstruction> wrongPin(PinEntered pin, PinCheck check, String kind, CallStep step,
            List<VeilEvent> events, List<VeilEvent> failed, Instant now) {
        PhoneNumber vn = pin.called();
        PhoneNumber caller = pin.caller();
        Mono<WrongPin> recorded = webhookLog.record(pin.callUuid(), kind, step, now).flatMap(isNew -> {
            if (!isNew) {
                return stepBefore(pin.callUuid(), kind).map(before -> new WrongPin(before, null));
            }
            return pinGuessing.failed(vn, caller, now)
                    .flatMap(block -> {
                        CallStep ended = CallStep.of(new PlayAndHangUp(check.incorrectPinPlay()));
                        List<VeilEvent> all = new ArrayList<>(failed);
                        all.add(new CallerBlocked(check.accountId(), vn.e164(), pin.callUuid(), block.callerIndex(),
                                caller.country(), block.failures(), block.until(), now));
                        return webhookLog.replace(pin.callUuid(), kind, ended).then(append(all, pin.callUuid()))
                                .thenReturn(new WrongPin(ended.instruction(), block));
                    })
                    .switchIfEmpty(Mono.defer(() -> append(events, pin.callUuid())
                            .thenReturn(new WrongPin(step.instruction(), null))));
        });
        return tx.transactional(recorded).timeout(dbTimeout)
                .doOnNext(wrong -> {
                    if (wrong.block() != null) {
                        callersBlocked.increment();
                        log.info("caller blocked on {} after {} wrong PINs, until {}", vn.redacted(),
                                wrong.block().failures(), wrong.block().until());
                    }
                    counter("veil.router.pin.checks", "outcome",
                            wrong.instruction() instanceof CallInstruction.AskForPin ? "retry" : "failed");
                })
                .map(WrongPin::instruction)
                .onErrorResume(e -> {
                    degraded("pin try", e);
                    return Mono.just(step.instruction());
                });
    }

    private Mono<CallInstruction> outboundAnswered(OutboundAnswered outbound) {
        return index.session(outbound.sessionUuid())
                .filter(s -> s.firstParty() != null && s.secondParty() != null)
                .map(s -> connect(outbound.callUuid(), WebhookKind.ANSWER.logName(),
                        ConnectedCall.of(s, PartyRole.FIRST_PARTY, s.firstParty(), s.secondParty(),
                                LegDirection.OUTBOUND), List.of(), null))
                .orElseGet(() -> refuse(outbound.callUuid(), new PlayAndHangUp(null)));
    }

    /**
     * Bridges a call from memory: takes a call start from the account's limit, claims the session's one live call in
     * memory, answers, and queues the webhook log row, the claim and the events to be written behind by the
     * {@link AnswerJournal}. A repeated webhook gets the instruction given the first time (and takes no second call
     * start); a call while another is live is refused as busy, and so is a call over the account's limit.
     *
     * @param rememberCaller the caller to remember as the last interaction's, for single-party sessions
     */
    private Mono<CallInstruction> connect(String callUuid, String kind, ConnectedCall connected,
            List<VeilEvent> extra, @Nullable PhoneNumber rememberCaller) {
        LiveCalls.Answer before = liveCalls.answerOf(callUuid);
        if (before != LiveCalls.Answer.NONE) {
            return answeredBefore(callUuid, kind, before).defaultIfEmpty(connected.instruction());
        }
        Instant now = clock.instant();
        Instant staleAt = now.plusSeconds(connected.callTimeLimit() + connected.ringTimeout()).plus(LIVE_CALL_GRACE);
        if (!liveCalls.claim(connected.sessionUuid(), callUuid, now, staleAt)) {
            return Mono.just(refuseAsBusy(callUuid, kind, BUSY));
        }
        // Only a call that would start takes a call start; refused for the limit, it gives its session back.
        return callLimits.tryStart(connected.accountId())
                .map(wait -> {
                    liveCalls.release(connected.sessionUuid(), callUuid);
                    rateLimited.increment();
                    return refuseAsBusy(callUuid, kind, "rate_limited");
                })
                .switchIfEmpty(Mono.fromSupplier(() -> bridge(callUuid, kind, connected, extra, rememberCaller,
                        now, staleAt)));
    }

    /** Answers a call whose session this call claimed: the instruction remembered, the rest written behind. */
    private CallInstruction bridge(String callUuid, String kind, ConnectedCall connected, List<VeilEvent> extra,
            @Nullable PhoneNumber rememberCaller, Instant now, Instant staleAt) {
        CallStep step = new CallStep(connected.instruction(), connected, null);
        liveCalls.answered(callUuid, LiveCalls.Answer.BRIDGED, staleAt);
        List<VeilEvent> events = new ArrayList<>(extra);
        events.addAll(started(connected, callUuid, now));
        if (rememberCaller != null) {
            index.rememberCaller(connected.sessionUuid(), rememberCaller);
        }
        journal(new AnswerJournal.Pending(callUuid, kind, step, now, events,
                new WebhookLog.LiveCallRow(connected.sessionUuid(), callUuid, now, staleAt),
                rememberCaller != null ? rememberCaller.e164() : null, new CompletableFuture<>()));
        counter("veil.calls.routed", "outcome", "connected");
        return step.instruction();
    }

    /**
     * Refuses a call that would have been bridged (another call of the session is live, or the account started too
     * many calls): {@code <Hangup reason="busy"/>}, remembered for the carrier's retries and written behind.
     */
    private CallInstruction refuseAsBusy(String callUuid, String kind, String outcome) {
        Instant now = clock.instant();
        CallStep step = CallStep.of(new Reject(BUSY));
        liveCalls.answered(callUuid, LiveCalls.Answer.BUSY, now.plus(BUSY_MEMORY));
        journal(new AnswerJournal.Pending(callUuid, kind, step, now, List.of(), null, null,
                new CompletableFuture<>()));
        counter("veil.calls.routed", "outcome", outcome);
        return step.instruction();
    }

    private void journal(AnswerJournal.Pending pending) {
        if (!journal.add(pending)) {
            degraded.increment();
            log.warn("answer journal full: call {} answered without being queued; its hangup rebuilds it",
                    pending.callUuid());
        }
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
    private Mono<CallInstruction> recordStep(String callUuid, String kind,
            CallStep step, List<VeilEvent> events, Instant now) {
        Mono<CallInstruction> recorded = webhookLog.record(callUuid, kind, step, now)
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
        return refuse(callUuid, refusal, refusal instanceof PlayAndHangUp ? "announced" : "rejected");
    }

    /** As {@link #refuse(String, CallInstruction)}, counted under {@code outcome}. */
    private Mono<CallInstruction> refuse(String callUuid, CallInstruction refusal, String outcome) {
        return answeredBefore(callUuid, WebhookKind.ANSWER.logName(), liveCalls.answerOf(callUuid))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    counter("veil.calls.routed", "outcome", outcome);
                    return refusal;
                }));
    }

    /**
     * What this call's webhook of this kind was answered before, given what {@link LiveCalls} knows of it: busy when
     * this router refused it as busy; else the instruction waiting in the journal, or the one in the webhook log.
     * Empty when it was not answered, or when Postgres does not answer in time (then the caller answers afresh, as it
     * would have the first time).
     */
    private Mono<CallInstruction> answeredBefore(String callUuid, String kind, LiveCalls.Answer known) {
        if (known == LiveCalls.Answer.BUSY) {
            return Mono.just(new Reject(BUSY));
        }
        CallInstruction waiting = journal.instructionOf(callUuid, kind);
        if (waiting != null) {
            return Mono.just(waiting);
        }
        return stepBefore(callUuid, kind).timeout(dbTimeout).onErrorResume(e -> {
            degraded("look-up of an earlier answer", e);
            return Mono.empty();
        });
    }

    private Mono<CallInstruction> stepBefore(String callUuid, String kind) {
        return webhookLog.find(callUuid, kind, CallStep.class).map(logged -> logged.detail().instruction());
    }

    private Mono<CallInstruction> dialReport(CallReport report,
            java.util.function.Function<ConnectedCall, VeilEvent> event) {
        Mono<Void> recorded = webhookLog.record(report.callUuid(), report.kind(), report, clock.instant())
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

    private Mono<Void> hangUp(CallHungUp hungUp) {
        Instant now = clock.instant();
        String callUuid = hungUp.callUuid();
        // Logged without its numbers: only the hangup itself needs them, and a call that was never bridged (its
        // session erased meanwhile, or none) would otherwise keep them with no session to erase them with.
        Mono<Void> ended = webhookLog.record(callUuid, WebhookKind.HANGUP, hungUp.withoutNumbers(), now)
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
                    return webhookLog.record(callUuid, WebhookKind.ANSWER, step, startedAt)
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
