package dev.veil.billing.charging;

import dev.veil.billing.AfterCommit;
import dev.veil.billing.BillingProperties;
import dev.veil.billing.ratecard.RateCards;
import dev.veil.billing.rating.RateCard;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Charges a finished call: one {@code charges} row per leg, rated with the account's rate card by the leg's
 * country and direction, and one {@code CallBilled} event (through the outbox) per call, in the caller's
 * transaction. A call is billed once: a second report of it, under a new event id,
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
    private final RateCards rateCards;
    private final Clock clock;
    private final MeterRegistry meters;

    CallCharger(Charges charges, Outbox outbox, RateCards rateCards, BillingProperties properties, Clock clock,
            MeterRegistry meters) {
        this.charges = charges;
        this.outbox = outbox;
        this.rateCards = rateCards;
        this.clock = clock;
        this.meters = meters;
        // Registered up front so the default currency's series exists before the first charge.
        amountCharged(properties.currency().getCurrencyCode());
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
                    .flatMap(claimed -> claimed
                            ? rateCards.forAccount(call.accountId())
                                    .flatMap(card -> chargeLegs(call, card, now, correlationId))
                            : alreadyBilled(call));
        });
    }

    private Mono<Void> chargeLegs(CallEnded call, RateCard card, Instant now, String correlationId) {
        return Flux.fromIterable(call.legs())
                .concatMap(leg -> {
                    Charge charge = chargeOf(call, leg, card, now);
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
                    CallBilled billed = billed(call, card, charged);
                    return outbox.append(billed, correlationId)
                            .then(AfterCommit.run(() -> {
                                countCharged(charged);
                                log.info("billed call {} of session {}: {} legs, {} s, {} {}", call.callUuid(),
                                        call.sessionUuid(), billed.legCount(), billed.billedDurationSeconds(),
                                        billed.amount(), billed.currency());
                            }));
                });
    }

    private Mono<Void> alreadyBilled(CallEnded call) {
        return AfterCommit.run(() -> {
            meters.counter("veil.billing.calls", "outcome", "already_billed").increment();
            log.info("call {} of session {} was billed before; nothing charged", call.callUuid(),
                    call.sessionUuid());
        });
    }

    private static Charge chargeOf(CallEnded call, CallLeg leg, RateCard card, Instant now) {
        LegDirection direction = leg.direction() == null ? LegDirection.UNKNOWN : leg.direction();
        RatePlan plan = card.planFor(leg.country(), direction);
        RatedLeg rated = plan.rate(leg.billDurationSeconds());
        return new Charge(leg.callUuid(), call.sessionUuid(), call.accountId(), call.callUuid(),
                direction.name().toLowerCase(Locale.ROOT), leg.country(), leg.billDurationSeconds(),
                rated.billedSeconds(), plan.ratePerMinute(), rated.amount().amount(),
                plan.currency().getCurrencyCode(), now);
    }

    private static CallBilled billed(CallEnded call, RateCard card, List<Charge> charged) {
        Money total = Money.zero(card.currency());
        int seconds = 0;
        for (Charge c : charged) {
            total = total.plus(new Money(c.amount(), card.currency()));
            seconds += c.billedSeconds();
        }
        return new CallBilled(call.sessionUuid(), call.accountId(), call.callUuid(), total.amount(),
                card.currency().getCurrencyCode(), seconds, charged.size());
    }

    private void countCharged(List<Charge> charged) {
        meters.counter("veil.billing.calls", "outcome", "billed").increment();
        for (Charge c : charged) {
            // A metric only; the money itself stays BigDecimal in the table and the event.
            amountCharged(c.currency()).increment(c.amount().doubleValue());
            meters.counter("veil.billing.legs", "direction", c.direction()).increment();
        }
    }

    private Counter amountCharged(String currency) {
        return Counter.builder("veil.billing.amount")
                .description("Amount charged for call legs, in the currency of the tag")
                .tag("currency", currency)
                .register(meters);
    }
}
