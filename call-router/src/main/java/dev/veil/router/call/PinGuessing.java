package dev.veil.router.call;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.BlindIndex;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * PIN guessing protection: the wrong PINs a caller types on a virtual number, counted across the number's sessions
 * within a window, in the {@code pin_guessing} table so that every replica sees the same counts; at
 * {@code maxFailures} the caller is blocked on that number for {@code block}. The caller is kept as its blind index,
 * never its number. The registered parties of the number's live sessions are never counted: the caller of
 * {@link #failed} decides who counts.
 */
final class PinGuessing {

    /** A block that just started: after {@code failures} wrong PINs, until {@code until}. */
    record Block(String callerIndex, int failures, Instant until) {
    }

    private final DatabaseClient db;
    private final BlindIndex blindIndex;
    private final int maxFailures;
    private final Duration window;
    private final Duration block;

    PinGuessing(DatabaseClient db, BlindIndex blindIndex, int maxFailures, Duration window, Duration block) {
        this.db = db;
        this.blindIndex = blindIndex;
        this.maxFailures = maxFailures;
        this.window = window;
        this.block = block;
    }

    /** Whether {@code caller} is blocked on {@code virtualNumber} at {@code now}. */
    Mono<Boolean> blocked(PhoneNumber virtualNumber, PhoneNumber caller, Instant now) {
        return db.sql("""
                        SELECT 1 FROM pin_guessing
                        WHERE virtual_number = :vn AND caller_index = :caller AND blocked_until > :now""")
                .bind("vn", virtualNumber.e164())
                .bind("caller", blindIndex.of(caller))
                .bind("now", at(now))
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * Counts a wrong PIN of {@code caller} on {@code virtualNumber}; emits the block it starts, if it starts one
     * (empty while the caller stays under the limit, or is already blocked). Run it in the transaction that records
     * the PIN webhook, so a retried webhook counts nothing and concurrent counts of one caller are serialized by the
     * row's lock.
     */
    Mono<Block> failed(PhoneNumber virtualNumber, PhoneNumber caller, Instant now) {
        String index = blindIndex.of(caller);
        return db.sql("""
                        INSERT INTO pin_guessing AS g (virtual_number, caller_index, window_started_at, failures)
                        VALUES (:vn, :caller, :now, 1)
                        ON CONFLICT (virtual_number, caller_index) DO UPDATE SET
                          failures = CASE WHEN g.window_started_at <= :windowStart THEN 1 ELSE g.failures + 1 END,
                          window_started_at = CASE WHEN g.window_started_at <= :windowStart THEN :now
                                                   ELSE g.window_started_at END
                        RETURNING failures, coalesce(blocked_until > :now, false) AS blocked""")
                .bind("vn", virtualNumber.e164())
                .bind("caller", index)
                .bind("now", at(now))
                .bind("windowStart", at(now.minus(window)))
                .map(row -> new Count(row.get("failures", Integer.class), row.get("blocked", Boolean.class)))
                .one()
                .filter(count -> count.failures() >= maxFailures && !count.blocked())
                .flatMap(count -> {
                    Instant until = now.plus(block);
                    return db.sql("""
                                    UPDATE pin_guessing SET blocked_until = :until, failures = 0,
                                                            window_started_at = :now
                                    WHERE virtual_number = :vn AND caller_index = :caller""")
                            .bind("until", at(until)).bind("now", at(now))
                            .bind("vn", virtualNumber.e164()).bind("caller", index)
                            .fetch().rowsUpdated()
                            .thenReturn(new Block(index, count.failures(), until));
                });
    }

    /** Forgets callers whose window and block are both over; emits how many. */
    Mono<Long> forgetOld(Instant now) {
        return db.sql("""
                        DELETE FROM pin_guessing
                        WHERE window_started_at <= :windowStart AND (blocked_until IS NULL OR blocked_until <= :now)""")
                .bind("windowStart", at(now.minus(window))).bind("now", at(now))
                .fetch().rowsUpdated();
    }

    private record Count(int failures, boolean blocked) {
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
