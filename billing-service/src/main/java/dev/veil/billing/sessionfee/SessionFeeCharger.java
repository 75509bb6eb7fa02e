package dev.veil.billing.sessionfee;

import dev.veil.billing.AfterCommit;
import dev.veil.billing.ratecard.RateCards;
import dev.veil.events.SessionCharged;
import dev.veil.events.SessionCreated;
import dev.veil.platform.money.Money;
import dev.veil.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Charges a session's creation fee (the account's rate card {@code session_fee}) once: a {@code session_charges}
 * row keyed by the session and, in the same transaction, a {@code SessionCharged} through the outbox. A session of
 * an account without a fee charges and publishes nothing; a session charged before charges nothing more.
 *
 * <p>Metric, counted once the fee committed: {@code veil.billing.session.fees} (amount, tag {@code currency}).
 */
@Component
class SessionFeeCharger {

    private static final Logger log = LoggerFactory.getLogger(SessionFeeCharger.class);

    private final DatabaseClient db;
    private final RateCards rateCards;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    SessionFeeCharger(DatabaseClient db, RateCards rateCards, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.rateCards = rateCards;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** Charges the fee of a created session; must run inside a transaction (the idempotent consumer's). */
    Mono<Void> charge(SessionCreated created, String correlationId) {
        String account = created.session().accountId();
        return rateCards.forAccount(account).flatMap(card -> {
            Money fee = card.sessionFeeMoney();
            if (fee.amount().signum() == 0) {
                return Mono.empty();
            }
            return insert(created.sessionUuid(), account, fee).flatMap(inserted -> inserted
                    ? outbox.append(new SessionCharged(created.sessionUuid(), account, fee.amount(),
                            fee.currency().getCurrencyCode()), correlationId)
                            .then(AfterCommit.run(() -> {
                                meters.counter("veil.billing.session.fees", "currency",
                                        fee.currency().getCurrencyCode()).increment(fee.amount().doubleValue());
                                log.info("charged session {} a fee of {} {}", created.sessionUuid(), fee.amount(),
                                        fee.currency());
                            }))
                    : Mono.<Void>empty());
        });
    }

    private Mono<Boolean> insert(String sessionUuid, String accountId, Money fee) {
        return db.sql("""
                        INSERT INTO session_charges (session_uuid, account_id, amount, currency, charged_at)
                        VALUES (:session, :account, :amount, :currency, :at)
                        ON CONFLICT (session_uuid) DO NOTHING""")
                .bind("session", sessionUuid).bind("account", accountId).bind("amount", fee.amount())
                .bind("currency", fee.currency().getCurrencyCode())
                .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().map(inserted -> inserted == 1);
    }
}
