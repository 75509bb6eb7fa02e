package dev.veil.session.erasure;

import dev.veil.events.SessionExpired;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.account.Tenant;
import dev.veil.session.audit.AuditLog;
import dev.veil.session.sessions.SessionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erases a number from a tenant's sessions in one transaction: every session of the tenant (a main account's
 * covers its subaccounts') of any status in which the number is a party is expired with its party numbers and PINs
 * deleted, and a {@code SessionExpired} with reason {@code erased} (parties and PINs null) goes to the outbox, so
 * the other services delete what they hold of it; the sessions' stored callbacks (their parameters hold From/To)
 * and idempotency records (their responses hold the numbers) are deleted, and the erasure is audited. A second
 * erasure of the number finds nothing: the indexes it would match are gone. Logged and audited with the erasure id
 * and counts, never the number. Counts {@code veil.sessions.expired} (tag {@code reason=erased}).
 */
final class NumberErasure {

    static final String REASON_ERASED = "erased";

    private static final Logger log = LoggerFactory.getLogger(NumberErasure.class);

    private final SessionRepository sessions;
    private final DatabaseClient db;
    private final Outbox outbox;
    private final PrivacyKeys privacy;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Counter expired;

    NumberErasure(SessionRepository sessions, DatabaseClient db, Outbox outbox, PrivacyKeys privacy, AuditLog audit,
            TransactionalOperator tx, Clock clock, MeterRegistry meters) {
        this.sessions = sessions;
        this.db = db;
        this.outbox = outbox;
        this.privacy = privacy;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.expired = Counter.builder("veil.sessions.expired").tag("reason", REASON_ERASED)
                .description("Sessions expired because an erasure named one of their parties").register(meters);
    }

    /** What an erasure did. */
    record Erased(UUID erasureId, int sessions, long callbacks, long idempotencyRecords) {
    }

    Mono<Erased> erase(Tenant tenant, PhoneNumber number) {
        UUID erasureId = UUID.randomUUID();
        Instant now = clock.instant();
        Mono<Erased> work = sessions.eraseParty(number, tenant, now)
                .concatMap(session -> outbox.append(new SessionExpired(session.sessionUuid().toString(),
                                session.state(privacy), REASON_ERASED, now), erasureId.toString())
                        .thenReturn(session.sessionUuid()))
                .collectList()
                .flatMap(erased -> delete("callbacks", erased)
                        .zipWith(delete("idempotency_keys", erased),
                                (callbacks, keys) -> new Erased(erasureId, erased.size(), callbacks, keys)))
                .flatMap(done -> audit.record(tenant.authId(), AuditLog.ERASURE, tenant.authId(), details(done))
                        .thenReturn(done));
        return tx.transactional(work).doOnNext(done -> {
            expired.increment(done.sessions());
            log.info("erasure {} for account {}: {} sessions erased, {} callbacks and {} idempotency records deleted",
                    done.erasureId(), tenant.authId(), done.sessions(), done.callbacks(), done.idempotencyRecords());
        });
    }

    private Mono<Long> delete(String table, List<UUID> sessionUuids) {
        if (sessionUuids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("DELETE FROM " + table + " WHERE session_uuid = ANY(:sessions)")
                .bind("sessions", sessionUuids.toArray(UUID[]::new))
                .fetch().rowsUpdated();
    }

    private static Map<String, Object> details(Erased done) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("erasure_id", done.erasureId().toString());
        details.put("sessions_erased", done.sessions());
        details.put("callbacks_deleted", done.callbacks());
        details.put("idempotency_records_deleted", done.idempotencyRecords());
        return details;
    }
}
