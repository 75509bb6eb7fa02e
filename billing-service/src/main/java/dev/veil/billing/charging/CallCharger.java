package dev.veil.billing.charging;

import dev.veil.billing.BillingProperties;
import dev.veil.billing.rating.RatePlan;
import dev.veil.billing.rating.RatedLeg;
import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.LegDirection;
import dev.veil.platform.money.Money;
import dev.veil.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Charges a finished call: one {@code charges} row per leg and one {@code CallBilled} event (through the outbox)
 * per call, in the caller's transaction. A call is billed once: a second report of it, under a new event id,
 * charges nothing and publishes nothing.
 *
 * <p>Metrics, counted only once the charge committed: {@code veil.billing.amount} (amount charged, tag
 * {@code currency}), {@code veil.billing.legs} (legs charged, tag {@code direction}) and {@code veil.billing.calls}
 * (tag {@code outcome}: {@code billed}, or {@code already_billed} for a repeated report of a call).
 */
@Component
class CallCharger {

    private static final Logger log = LoggerFactory.getLogger(CallCharger.class);

    private final Charges charges;
    private final Outbox outbox;
    private final RatePlan plan;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter amountCharged;

    CallCharger(Charges charges, Outbox outbox, BillingProperties properties, Clock clock, MeterRegistry meters) {
        this.charges = charges;
        this.outbox = outbox;
        this.plan = properties.ratePlan();
        this.clock = clock;
        this.meters = meters;
        this.amountCharged = Counter.builder("veil.billing.amount")
                .description("Amount charged for call legs, in the currency of the tag")
                .tag("currency", plan.currency().getCurrencyCode())
                .register(meters);
    }

    /**
     * Charges the call's legs and appends its {@code CallBilled}; must run inside a transaction (the idempotent
     * consumer's), which it relies on for exactly-once charging.
     *
     * @param correlationId the correlation id the {@code CallBilled} carries on
     */
    Mono<Void> charge(CallEnded call, String correlationId) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return charges.claimCall(call.callUuid(), call.sessionUuid(), call.accountId(), now)
                    .flatMap(claimed -> claimed ? chargeLegs(call, now, correlationId) : alreadyBilled(call));
        });
    }

    private Mono<Void> chargeLegs(CallEnded call, Instant now, String correlationId) {
        return Flux.fromIterable(call.legs())
                .concatMap(leg -> {
                    Charge charge = chargeOf(call, leg, plan.rate(leg.billDurationSeconds()), now);
                    return charges.insert(charge).flatMap(inserted -> {
                        if (!inserted) {
                            // Only a carrier reusing a leg id under another call gets here; never charge it twice.
                            log.warn("leg {} of call {} was charged before with another call; not charged again",
                                    leg.callUuid(), call.callUuid());
                        }
                        return inserted ? Mono.just(charge) : Mono.empty();
                    });
                })
                .collectList()
                .flatMap(charged -> {
                    CallBilled billed = billed(call, charged);
                    return outbox.append(billed, correlationId)
                            .then(afterCommit(() -> {
                                countCharged(charged);
                                log.info("billed call {} of session {}: {} legs, {} s, {} {}", call.callUuid(),
                                        call.sessionUuid(), billed.legCount(), billed.billedDurationSeconds(),
                                        billed.amount(), billed.currency());
                            }));
                });
    }

    private Mono<Void> alreadyBilled(CallEnded call) {
        return afterCommit(() -> {
            meters.counter("veil.billing.calls", "outcome", "already_billed").increment();
            log.info("call {} of session {} was billed before; nothing charged", call.callUuid(),
                    call.sessionUuid());
        });
    }

    private Charge chargeOf(CallEnded call, CallLeg leg, RatedLeg rated, Instant now) {
        LegDirection direction = leg.direction() == null ? LegDirection.UNKNOWN : leg.direction();
        return new Charge(leg.callUuid(), call.sessionUuid(), call.accountId(), call.callUuid(),
                direction.name().toLowerCase(Locale.ROOT), leg.country(), leg.billDurationSeconds(),
                rated.billedSeconds(), plan.ratePerMinute(), rated.amount().amount(),
                plan.currency().getCurrencyCode(), now);
    }

    private CallBilled billed(CallEnded call, List<Charge> charged) {
        Money total = Money.zero(plan.currency());
        int seconds = 0;
        for (Charge c : charged) {
            total = total.plus(new Money(c.amount(), plan.currency()));
            seconds += c.billedSeconds();
        }
        return new CallBilled(call.sessionUuid(), call.accountId(), call.callUuid(), total.amount(),
                plan.currency().getCurrencyCode(), seconds, charged.size());
    }

    private void countCharged(List<Charge> charged) {
        meters.counter("veil.billing.calls", "outcome", "billed").increment();
        for (Charge c : charged) {
            // A metric only; the money itself stays BigDecimal in the table and the event.
            amountCharged.increment(c.amount().doubleValue());
            meters.counter("veil.billing.legs", "direction", c.direction()).increment();
        }
    }

    /** Runs {@code action} once the current transaction committed, so a rolled-back charge is never counted. */
    private static Mono<Void> afterCommit(Runnable action) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(sync -> sync.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(action);
                    }
                }))
                .then();
    }
}
