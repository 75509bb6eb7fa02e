package dev.veil.allocation.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.veil.allocation.RejectedRequestException;
import dev.veil.platform.account.AuthenticatedAccount;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.UUID;

/**
 * The public pool API, {@code /v1/Account/{auth_id}/Masking/Number}: a main account adds virtual numbers to its
 * pool, assigns them to its subaccounts, lists them with their utilisation and retires them. Every request is
 * authenticated by the platform's account filter ({@code veil.accounts.authenticate-paths}, credentials checked by
 * session-service), which also answers 401 and 404 for another account's path. The pool belongs to the main
 * account: under a subaccount's {@code auth_id} (by the subaccount itself or its main account) only the numbers
 * assigned to that subaccount can be listed and read, and changes are 403. Answers are Plivo-style JSON:
 * {@code {"api_id", ...}} and errors {@code {"api_id", "error"}}. Causes no event; refreshes the pool gauges after a
 * change.
 */
@RestController
class PoolController {

    /** Most numbers one add request may carry, and most a list page shows. */
    static final int MAX_NUMBERS = 100;
    static final int DEFAULT_LIMIT = 20;

    /**
     * {@code POST .../numbers}: numbers to add, with the subaccount to assign them to (none: the main account's
     * own).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AddNumbers(@Nullable List<String> numbers, @Nullable String subaccount) {
    }

    /** {@code POST .../numbers/{number}}: the subaccount to assign the number to; null or blank: unassign. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Assignment(@Nullable String subaccount) {
    }

    /** An answer carrying numbers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NumbersAnswer(String apiId, String message, List<PoolNumberView> numbers) {
    }

    /** An answer about one number. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NumberAnswer(String apiId, String message, PoolNumberView number) {
    }

    /** A page of numbers, Plivo's list shape. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NumberList(String apiId, Meta meta, List<PoolNumberView> objects) {
    }

    /** Paging of a list; {@code next}/{@code previous} are null at the ends. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Meta(int limit, int offset, long totalCount, @Nullable String next, @Nullable String previous) {
    }

    /** Every error of this API. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ErrorAnswer(String apiId, String error) {
    }

    static final String NUMBERS = "/v1/Account/{authId}/Masking/Number";
    static final String NUMBER = "/v1/Account/{authId}/Masking/Number/{number}";

    private final PoolNumbers pool;

    PoolController(PoolNumbers pool) {
        this.pool = pool;
    }

    @PostMapping({NUMBERS, NUMBERS + "/"})
    Mono<ResponseEntity<NumbersAnswer>> add(@PathVariable String authId, @RequestBody AddNumbers request,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            AuthenticatedAccount caller = AuthenticatedAccount.of(exchange);
            String account = mainAccountChanging(caller, authId);
            if (request.numbers() == null || request.numbers().isEmpty()) {
                throw RejectedRequestException.badRequest("Mandatory parameter missing. numbers must be present.");
            }
            if (request.numbers().size() > MAX_NUMBERS) {
                throw RejectedRequestException.badRequest(
                        "Invalid parameter. numbers may list at most " + MAX_NUMBERS + " numbers.");
            }
            List<PhoneNumber> numbers = request.numbers().stream().map(PoolController::number).distinct().toList();
            return pool.add(account, subaccount(caller, request.subaccount()), numbers);
        }).map(added -> ResponseEntity.status(HttpStatus.CREATED)
                .body(new NumbersAnswer(apiId(), "Numbers added to the pool", added)));
    }

    @GetMapping({NUMBERS, NUMBERS + "/"})
    Mono<NumberList> list(@PathVariable String authId, ServerWebExchange exchange,
            @RequestParam(required = false) @Nullable String subaccount,
            @RequestParam(required = false) @Nullable String country,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable Integer offset) {
        return Mono.defer(() -> {
            AuthenticatedAccount caller = AuthenticatedAccount.of(exchange);
            String account = caller.mainAccountId();
            int pageSize = limit == null ? DEFAULT_LIMIT : limit;
            int skip = offset == null ? 0 : offset;
            if (pageSize < 1 || pageSize > MAX_NUMBERS) {
                throw RejectedRequestException.badRequest("Invalid parameter. limit must be between 1 and 100.");
            }
            if (skip < 0) {
                throw RejectedRequestException.badRequest("Invalid parameter. offset must not be negative.");
            }
            if (status != null && !status.equals("active") && !status.equals("retired")) {
                throw RejectedRequestException.badRequest(
                        "Invalid parameter. status allowed values are active or retired.");
            }
            // Under a subaccount's path only its own numbers, whatever the query asks.
            String scope = authId.equals(account) ? subaccount(caller, subaccount) : authId;
            PoolNumbers.Filter filter = new PoolNumbers.Filter(scope,
                    country == null || country.isBlank() ? null : country.toUpperCase(java.util.Locale.ROOT),
                    status);
            return pool.list(account, filter, pageSize, skip).map(page -> new NumberList(apiId(),
                    new Meta(pageSize, skip, page.totalCount(),
                            skip + pageSize < page.totalCount() ? pageUrl(authId, pageSize, skip + pageSize) : null,
                            skip > 0 ? pageUrl(authId, pageSize, Math.max(0, skip - pageSize)) : null),
                    page.numbers()));
        });
    }

    @GetMapping({NUMBER, NUMBER + "/"})
    Mono<NumberAnswer> get(@PathVariable String authId, @PathVariable String number, ServerWebExchange exchange) {
        String account = AuthenticatedAccount.of(exchange).mainAccountId();
        return Mono.defer(() -> pool.get(account, number(number)))
                .filter(view -> authId.equals(account) || authId.equals(view.subaccount()))
                .switchIfEmpty(Mono.error(PoolController::notFound))
                .map(view -> new NumberAnswer(apiId(), "Number found", view));
    }

    @PostMapping({NUMBER, NUMBER + "/"})
    Mono<NumberAnswer> assign(@PathVariable String authId, @PathVariable String number,
            @RequestBody Assignment assignment, ServerWebExchange exchange) {
        AuthenticatedAccount caller = AuthenticatedAccount.of(exchange);
        return Mono.defer(() -> pool.assign(mainAccountChanging(caller, authId), number(number),
                        subaccount(caller, assignment.subaccount())))
                .switchIfEmpty(Mono.error(PoolController::notFound))
                .map(view -> new NumberAnswer(apiId(), view.subaccount() == null
                        ? "Number returned to the main account" : "Number assigned to the subaccount", view));
    }

    @DeleteMapping({NUMBER, NUMBER + "/"})
    Mono<NumberAnswer> retire(@PathVariable String authId, @PathVariable String number, ServerWebExchange exchange) {
        AuthenticatedAccount caller = AuthenticatedAccount.of(exchange);
        return Mono.defer(() -> pool.retire(mainAccountChanging(caller, authId), number(number)))
                .switchIfEmpty(Mono.error(PoolController::notFound))
                .map(view -> new NumberAnswer(apiId(), "Number retired", view));
    }

    @ExceptionHandler
    ResponseEntity<ErrorAnswer> rejected(RejectedRequestException e) {
        return ResponseEntity.status(e.status()).body(new ErrorAnswer(apiId(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorAnswer> unreadable(ServerWebInputException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorAnswer(apiId(), "Invalid request body."));
    }

    /** The main account, whose pool only the main account itself may change (under its own path). */
    private static String mainAccountChanging(AuthenticatedAccount caller, String authId) {
        if (caller.isSubaccount() || !authId.equals(caller.mainAccountId())) {
            throw new RejectedRequestException(HttpStatus.FORBIDDEN,
                    "Only the main account may change its number pool.");
        }
        return caller.mainAccountId();
    }

    /** A subaccount named in a request: must be a live subaccount of the authenticated main account. */
    private static @Nullable String subaccount(AuthenticatedAccount caller, @Nullable String subaccount) {
        if (subaccount == null || subaccount.isBlank()) {
            return null;
        }
        if (!caller.subaccountIds().contains(subaccount)) {
            throw RejectedRequestException.badRequest(
                    "Invalid parameter. subaccount is not a subaccount of this account.");
        }
        return subaccount;
    }

    private static PhoneNumber number(@Nullable String raw) {
        try {
            return PhoneNumber.parse(raw == null ? "" : raw);
        } catch (InvalidPhoneNumberException e) {
            throw RejectedRequestException.badRequest("Invalid parameter. number is not a valid phone number.");
        }
    }

    private static RejectedRequestException notFound() {
        return new RejectedRequestException(HttpStatus.NOT_FOUND, "Number not found in the account's pool.");
    }

    private static String pageUrl(String account, int limit, int offset) {
        return "/v1/Account/" + account + "/Masking/Number?limit=" + limit + "&offset=" + offset;
    }

    private static String apiId() {
        return UUID.randomUUID().toString();
    }
}
