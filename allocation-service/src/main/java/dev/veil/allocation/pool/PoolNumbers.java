package dev.veil.allocation.pool;

import dev.veil.allocation.RejectedRequestException;
import dev.veil.platform.phone.PhoneNumber;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The pool's numbers in {@code virtual_numbers}: added, assigned to subaccounts, retired and read with their
 * utilisation. A number belongs to one main account for good; retiring it only stops new sessions (the allocator
 * takes active numbers only), so live sessions keep it until they expire. Refreshes the pool gauges after each
 * change.
 */
@Component
class PoolNumbers {

    /** Optional filters of a listing; null means any. */
    record Filter(@Nullable String subaccount, @Nullable String country, @Nullable String status) {
    }

    /** One page of a listing and how many numbers match in all. */
    record Page(List<PoolNumberView> numbers, long totalCount) {
    }

    private static final String VIEW = """
            SELECT v.number, v.country, v.status, v.subaccount_id,
                   (SELECT count(*) FROM allocations a
                    WHERE a.virtual_number = v.number AND a.status IN ('reserved', 'confirmed')) AS live,
                   (SELECT count(*) FROM allocations a
                    WHERE a.virtual_number = v.number AND a.status = 'cooling') AS cooling,
                   (SELECT count(*) FROM bindings b WHERE b.virtual_number = v.number) AS bindings,
                   count(*) OVER () AS total
            FROM virtual_numbers v
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PoolMetrics metrics;

    PoolNumbers(DatabaseClient db, TransactionalOperator tx, PoolMetrics metrics) {
        this.db = db;
        this.tx = tx;
        this.metrics = metrics;
    }

    /**
     * Adds the numbers to the account's pool, active, assigned to {@code subaccount} when given; a number already
     * in this account's pool is made active again (and assigned when a subaccount is given). All or nothing: a
     * number of another account's pool fails the request with 409.
     */
    Mono<List<PoolNumberView>> add(String account, @Nullable String subaccount, List<PhoneNumber> numbers) {
        Mono<List<PoolNumberView>> adding = Flux.fromIterable(numbers)
                .concatMap(number -> insert(account, subaccount, number))
                .thenMany(Flux.fromIterable(numbers).concatMap(number -> get(account, number)))
                .collectList();
        return tx.transactional(adding).flatMap(added -> metrics.refresh().thenReturn(added));
    }

    private Mono<Void> insert(String account, @Nullable String subaccount, PhoneNumber number) {
        String assign = subaccount == null ? "" : ", subaccount_id = EXCLUDED.subaccount_id";
        var spec = db.sql("""
                        INSERT INTO virtual_numbers (number, account_id, subaccount_id, country, status)
                        VALUES (:number, :account, :subaccount, :country, 'active')
                        ON CONFLICT (number) DO UPDATE SET status = 'active' %s
                        WHERE virtual_numbers.account_id = EXCLUDED.account_id""".formatted(assign))
                .bind("number", number.e164())
                .bind("account", account)
                .bind("country", number.country());
        spec = subaccount == null ? spec.bindNull("subaccount", String.class) : spec.bind("subaccount", subaccount);
        return spec.fetch().rowsUpdated().flatMap(updated -> updated == 0
                // Veil's own number, not a customer's: naming it is safe and tells the operator which one.
                ? Mono.error(new RejectedRequestException(HttpStatus.CONFLICT,
                        "Number " + number.e164() + " is in another account's pool."))
                : Mono.empty());
    }

    /** A page of the account's numbers, ordered by number. */
    Mono<Page> list(String account, Filter filter, int limit, int offset) {
        StringBuilder where = new StringBuilder("WHERE v.account_id = :account");
        if (filter.subaccount() != null) {
            where.append(" AND v.subaccount_id = :subaccount");
        }
        if (filter.country() != null) {
            where.append(" AND v.country = :country");
        }
        if (filter.status() != null) {
            where.append(" AND v.status = :status");
        }
        var spec = db.sql(VIEW + where + " ORDER BY v.number LIMIT :limit OFFSET :offset")
                .bind("account", account).bind("limit", limit).bind("offset", offset);
        if (filter.subaccount() != null) {
            spec = spec.bind("subaccount", filter.subaccount());
        }
        if (filter.country() != null) {
            spec = spec.bind("country", filter.country());
        }
        if (filter.status() != null) {
            spec = spec.bind("status", filter.status());
        }
        return spec.map(row -> new Counted(view(row), row.get("total", Long.class))).all().collectList()
                .flatMap(rows -> rows.isEmpty() && offset > 0
                        // Past the last page the window function has no row to count on: count separately.
                        ? count(account, filter).map(total -> new Page(List.of(), total))
                        : Mono.just(new Page(rows.stream().map(Counted::view).toList(),
                                rows.isEmpty() ? 0 : rows.getFirst().total())));
    }

    private record Counted(PoolNumberView view, long total) {
    }

    private Mono<Long> count(String account, Filter filter) {
        return list(account, filter, 1, 0).map(Page::totalCount);
    }

    /** The number with its utilisation, when it is in the account's pool. */
    Mono<PoolNumberView> get(String account, PhoneNumber number) {
        return db.sql(VIEW + "WHERE v.account_id = :account AND v.number = :number")
                .bind("account", account).bind("number", number.e164())
                .map(PoolNumbers::view).one();
    }

    /** Assigns the number to {@code subaccount}, or back to the main account when null; empty when not found. */
    Mono<PoolNumberView> assign(String account, PhoneNumber number, @Nullable String subaccount) {
        var spec = db.sql("""
                        UPDATE virtual_numbers SET subaccount_id = :subaccount
                        WHERE account_id = :account AND number = :number""")
                .bind("account", account).bind("number", number.e164());
        spec = subaccount == null ? spec.bindNull("subaccount", String.class) : spec.bind("subaccount", subaccount);
        return spec.fetch().rowsUpdated().filter(n -> n > 0).flatMap(n -> get(account, number));
    }

    /** Retires the number: no new sessions, live ones keep it. Empty when not found. */
    Mono<PoolNumberView> retire(String account, PhoneNumber number) {
        return db.sql("UPDATE virtual_numbers SET status = 'retired' WHERE account_id = :account AND number = :number")
                .bind("account", account).bind("number", number.e164())
                .fetch().rowsUpdated().filter(n -> n > 0)
                .flatMap(n -> metrics.refresh().then(get(account, number)));
    }

    private static PoolNumberView view(Readable row) {
        return new PoolNumberView(row.get("number", String.class), row.get("country", String.class),
                row.get("status", String.class), row.get("subaccount_id", String.class),
                row.get("live", Long.class), row.get("cooling", Long.class), row.get("bindings", Long.class));
    }
}
