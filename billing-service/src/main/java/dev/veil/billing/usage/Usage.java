package dev.veil.billing.usage;

import dev.veil.platform.money.Money;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * Usage of a set of accounts in a range of UTC days, read straight from the charge rows ({@code charges} for call
 * legs, {@code session_charges} for session fees), so it always agrees with them. A row counts on the UTC day it
 * was charged (within seconds of the call's end or the session's creation).
 */
@Repository
class Usage {

    private final DatabaseClient db;

    Usage(DatabaseClient db) {
        this.db = db;
    }

    /** Totals per period, per kind, country, direction and currency, in that order. */
    Flux<UsageLine> totals(Collection<String> accounts, LocalDate from, LocalDate to, Period period) {
        // The unit is one of two constants, never input, so it can be part of the statement.
        String unit = period == Period.DAY ? "'day'" : "'month'";
        return db.sql("""
                        SELECT period, kind, country, direction, currency, items, billed_seconds, amount FROM (
                            SELECT date_trunc(%1$s, charged_at AT TIME ZONE 'UTC')::date AS period, 'call' AS kind,
                                   country, direction, currency, count(*) AS items,
                                   sum(billed_seconds) AS billed_seconds, sum(amount) AS amount
                            FROM charges
                            WHERE account_id = ANY(:accounts) AND charged_at >= :from AND charged_at < :to
                            GROUP BY 1, 3, 4, 5
                            UNION ALL
                            SELECT date_trunc(%1$s, charged_at AT TIME ZONE 'UTC')::date, 'session_fee', NULL, NULL,
                                   currency, count(*), 0, sum(amount)
                            FROM session_charges
                            WHERE account_id = ANY(:accounts) AND charged_at >= :from AND charged_at < :to
                            GROUP BY 1, 5) usage
                        ORDER BY period, kind, country NULLS LAST, direction NULLS LAST, currency"""
                        .formatted(unit))
                .bind("accounts", accounts.toArray(String[]::new))
                .bind("from", start(from)).bind("to", start(to.plusDays(1)))
                .map(row -> new UsageLine(
                        row.get("period", LocalDate.class),
                        row.get("kind", String.class),
                        row.get("country", String.class),
                        row.get("direction", String.class),
                        row.get("currency", String.class).trim(),
                        row.get("items", Long.class),
                        row.get("billed_seconds", Long.class),
                        money(row.get("amount", BigDecimal.class))))
                .all();
    }

    /** One line per session with a leg or its fee charged in the range, oldest first. */
    Flux<SessionUsage> sessions(Collection<String> accounts, LocalDate from, LocalDate to) {
        return db.sql("""
                        WITH legs AS (
                            SELECT session_uuid, account_id, currency, min(charged_at) AS first_at,
                                   count(DISTINCT interaction_call_uuid) AS calls, count(*) AS legs,
                                   sum(billed_seconds) AS billed_seconds, sum(amount) AS amount
                            FROM charges
                            WHERE account_id = ANY(:accounts) AND charged_at >= :from AND charged_at < :to
                            GROUP BY session_uuid, account_id, currency),
                        fees AS (
                            SELECT session_uuid, account_id, currency, charged_at, amount
                            FROM session_charges
                            WHERE account_id = ANY(:accounts) AND charged_at >= :from AND charged_at < :to)
                        SELECT coalesce(l.session_uuid, f.session_uuid) AS session_uuid,
                               coalesce(l.account_id, f.account_id) AS account_id,
                               coalesce(l.currency, f.currency) AS currency,
                               least(l.first_at, f.charged_at) AS first_charged_at,
                               coalesce(l.calls, 0) AS calls, coalesce(l.legs, 0) AS legs,
                               coalesce(l.billed_seconds, 0) AS billed_seconds,
                               coalesce(l.amount, 0) AS call_amount, coalesce(f.amount, 0) AS session_fee
                        FROM legs l FULL JOIN fees f ON l.session_uuid = f.session_uuid AND l.currency = f.currency
                        ORDER BY first_charged_at, session_uuid""")
                .bind("accounts", accounts.toArray(String[]::new))
                .bind("from", start(from)).bind("to", start(to.plusDays(1)))
                .map(row -> {
                    BigDecimal calls = money(row.get("call_amount", BigDecimal.class));
                    BigDecimal fee = money(row.get("session_fee", BigDecimal.class));
                    return new SessionUsage(
                            row.get("session_uuid", String.class),
                            row.get("account_id", String.class),
                            row.get("currency", String.class).trim(),
                            row.get("first_charged_at", OffsetDateTime.class).toInstant(),
                            row.get("calls", Long.class),
                            row.get("legs", Long.class),
                            row.get("billed_seconds", Long.class),
                            calls, fee, calls.add(fee));
                })
                .all();
    }

    private static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
    }

    /** The length of a usage period. */
    enum Period {
        DAY, MONTH
    }
}
