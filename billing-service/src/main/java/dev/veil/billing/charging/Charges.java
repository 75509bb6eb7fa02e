package dev.veil.billing.charging;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The {@code charges} and {@code billed_calls} tables. */
@Repository
class Charges {

    private final DatabaseClient db;

    Charges(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Marks a call as billed; emits false when it was billed before, so its {@code CallBilled} is not published
     * twice even when another event (a new event id) reports the same call.
     */
    Mono<Boolean> claimCall(String callUuid, String sessionUuid, String accountId, Instant at) {
        return db.sql("""
                        INSERT INTO billed_calls (call_uuid, session_uuid, account_id, billed_at)
                        VALUES (:call, :session, :account, :at)
                        ON CONFLICT (call_uuid) DO NOTHING""")
                .bind("call", callUuid).bind("session", sessionUuid).bind("account", accountId)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /** Stores a leg's charge; emits false when that leg was charged before, in which case nothing changed. */
    Mono<Boolean> insert(Charge charge) {
        var spec = db.sql("""
                        INSERT INTO charges (call_uuid, session_uuid, account_id, interaction_call_uuid, direction,
                                             country, bill_duration, billed_seconds, rate, amount, currency,
                                             charged_at)
                        VALUES (:call, :session, :account, :interaction, :direction, :country, :billDuration,
                                :billedSeconds, :rate, :amount, :currency, :at)
                        ON CONFLICT (call_uuid) DO NOTHING""")
                .bind("call", charge.callUuid())
                .bind("session", charge.sessionUuid())
                .bind("account", charge.accountId())
                .bind("interaction", charge.interactionCallUuid())
                .bind("direction", charge.direction())
                .bind("billDuration", charge.billDuration())
                .bind("billedSeconds", charge.billedSeconds())
                .bind("rate", charge.rate())
                .bind("amount", charge.amount())
                .bind("currency", charge.currency())
                .bind("at", charge.chargedAt().atOffset(ZoneOffset.UTC));
        spec = charge.country() == null ? spec.bindNull("country", String.class)
                : spec.bind("country", charge.country());
        return spec.fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    /** A session's charges, oldest call first and the inbound leg before the outbound one. */
    Flux<Charge> ofSession(String sessionUuid) {
        return db.sql("""
                        SELECT call_uuid, session_uuid, account_id, interaction_call_uuid, direction, country,
                               bill_duration, billed_seconds, rate, amount, currency, charged_at
                        FROM charges WHERE session_uuid = :session
                        ORDER BY charged_at, interaction_call_uuid, direction, call_uuid""")
                .bind("session", sessionUuid)
                .map(row -> new Charge(
                        row.get("call_uuid", String.class),
                        row.get("session_uuid", String.class),
                        row.get("account_id", String.class),
                        row.get("interaction_call_uuid", String.class),
                        row.get("direction", String.class),
                        row.get("country", String.class),
                        row.get("bill_duration", Integer.class),
                        row.get("billed_seconds", Integer.class),
                        row.get("rate", BigDecimal.class),
                        row.get("amount", BigDecimal.class),
                        row.get("currency", String.class),
                        row.get("charged_at", OffsetDateTime.class).toInstant()))
                .all();
    }
}
