package dev.veil.session.limits;

import dev.veil.session.SessionProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limits of accounts, stored in the accounts table. Each limit is resolved on its own: the account's value,
 * else (for a subaccount) its main account's, else the configured default. Session creation reads the effective
 * limits through a short per-replica cache ({@link #CACHE_TTL}), which a change through this replica clears at once.
 */
public final class AccountLimits {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /**
     * Effective limits.
     *
     * @param sessionsPerSecond session creations per second; 0 = unlimited
     * @param sessionsBurst     session creations at once
     * @param callsPerSecond    calls started per second; 0 = unlimited
     * @param callsBurst        calls started at once
     */
    public record Limits(double sessionsPerSecond, int sessionsBurst, double callsPerSecond, int callsBurst) {
    }

    /** Limits as set on one account; a null field is not set (inherited). */
    record Settings(@Nullable Double sessionsPerSecond, @Nullable Integer sessionsBurst,
            @Nullable Double callsPerSecond, @Nullable Integer callsBurst) {
    }

    private record Cached(Limits limits, long expiresAtNanos) {
    }

    private final DatabaseClient db;
    private final SessionProperties.Limits defaults;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AccountLimits(DatabaseClient db, SessionProperties.Limits defaults) {
        this.db = db;
        this.defaults = defaults;
    }

    /** The account's effective limits, read now; empty for an unknown account. */
    public Mono<Limits> effective(String authId) {
        return db.sql("""
                        SELECT COALESCE(a.sessions_per_second, m.sessions_per_second) AS sessions_per_second,
                               COALESCE(a.sessions_burst, m.sessions_burst) AS sessions_burst,
                               COALESCE(a.calls_per_second, m.calls_per_second) AS calls_per_second,
                               COALESCE(a.calls_burst, m.calls_burst) AS calls_burst
                        FROM accounts a LEFT JOIN accounts m ON m.auth_id = a.main_account_id
                        WHERE a.auth_id = :id""")
                .bind("id", authId)
                .map(row -> new Limits(
                        orDefault(row.get("sessions_per_second", Double.class), defaults.sessionsPerSecond()),
                        orDefault(row.get("sessions_burst", Integer.class), defaults.sessionsBurst()),
                        orDefault(row.get("calls_per_second", Double.class), defaults.callsPerSecond()),
                        orDefault(row.get("calls_burst", Integer.class), defaults.callsBurst())))
                .one();
    }

    /** As {@link #effective}, at most {@link #CACHE_TTL} old. */
    Mono<Limits> cached(String authId) {
        Cached hit = cache.get(authId);
        if (hit != null && hit.expiresAtNanos() - System.nanoTime() > 0) {
            return Mono.just(hit.limits());
        }
        return effective(authId).doOnNext(limits -> cache.put(authId,
                new Cached(limits, System.nanoTime() + CACHE_TTL.toNanos())));
    }

    /**
     * Replaces the limits set on the account (null fields: not set); emits false for an unknown account. Run it in
     * the transaction that audits the change. Clears this replica's cache (a main account's change reaches its
     * subaccounts).
     */
    Mono<Boolean> set(String authId, Settings settings) {
        GenericExecuteSpec update = db.sql("""
                        UPDATE accounts SET sessions_per_second = :sps, sessions_burst = :sb,
                            calls_per_second = :cps, calls_burst = :cb
                        WHERE auth_id = :id""")
                .bind("id", authId);
        update = bind(update, "sps", settings.sessionsPerSecond(), Double.class);
        update = bind(update, "sb", settings.sessionsBurst(), Integer.class);
        update = bind(update, "cps", settings.callsPerSecond(), Double.class);
        update = bind(update, "cb", settings.callsBurst(), Integer.class);
        return update.fetch().rowsUpdated().map(rows -> rows > 0).doOnNext(changed -> cache.clear());
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, @Nullable Object value,
            Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static double orDefault(@Nullable Double value, double otherwise) {
        return value == null ? otherwise : value;
    }

    private static int orDefault(@Nullable Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
