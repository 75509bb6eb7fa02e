package dev.veil.allocation.pool;

import dev.veil.allocation.RejectedRequestException;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code GET /internal/v1/numbers?account_id=...}: an account's virtual numbers with how many live (reserved or
 * confirmed) sessions each one hosts. For demos and debugging; an account without numbers gets an empty list.
 */
@RestController
class NumbersController {

    /**
     * The listing.
     *
     * @param accountId the account asked about
     * @param numbers   its numbers, ordered by number
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AccountNumbers(String accountId, List<NumberUsage> numbers) {
    }

    /**
     * One virtual number and its load.
     *
     * @param number       E.164 with {@code +}
     * @param country      ISO 3166 alpha-2
     * @param status       {@code active} or {@code retired}
     * @param liveSessions sessions holding the number now
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NumberUsage(String number, String country, String status, long liveSessions) {
    }

    private final DatabaseClient db;

    NumbersController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/internal/v1/numbers")
    Mono<AccountNumbers> numbers(@RequestParam(name = "account_id", required = false) @Nullable String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return Mono.error(RejectedRequestException.badRequest(
                    "Mandatory parameter missing. account_id must be present."));
        }
        return db.sql("""
                        SELECT v.number, v.country, v.status, count(a.session_uuid) AS live
                        FROM virtual_numbers v
                        LEFT JOIN allocations a ON a.virtual_number = v.number AND a.status <> 'released'
                        WHERE v.account_id = :account
                        GROUP BY v.number
                        ORDER BY v.number""")
                .bind("account", accountId)
                .map(row -> new NumberUsage(row.get("number", String.class), row.get("country", String.class),
                        row.get("status", String.class), row.get("live", Long.class)))
                .all().collectList()
                .map(numbers -> new AccountNumbers(accountId, numbers));
    }
}
