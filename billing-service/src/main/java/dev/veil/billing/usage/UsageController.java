package dev.veil.billing.usage;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.veil.billing.BillingProperties;
import dev.veil.platform.account.AuthenticatedAccount;
import dev.veil.platform.money.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The public usage API of an account, authenticated by the platform's account filter
 * ({@code veil.accounts.authenticate-paths}: 401 without valid credentials, 404 for another account's path). Under a
 * main account's path it rolls up the main account and its subaccounts (the live ones session-service answered
 * with the credentials, plus any mapped in {@code veil.billing.subaccounts}); under a subaccount's path (by the
 * subaccount or its main account) only that subaccount's charges.
 * <ul>
 *   <li>{@code GET /v1/Account/{auth_id}/Masking/Usage?from=YYYY-MM-DD&to=YYYY-MM-DD&group_by=day|month} — totals
 *       per period, country and direction (and session fees), plus a total per currency;</li>
 *   <li>{@code GET /v1/Account/{auth_id}/Masking/Usage/Sessions?from=...&to=...} — one line per session.</li>
 * </ul>
 * Both take {@code format=csv} for a CSV export ({@code text/csv}, a header row). Days are UTC, {@code from} and
 * {@code to} inclusive. 400 {@code {"error": ...}} for a missing or malformed parameter.
 */
@RestController
class UsageController {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Money.SCALE);
    private static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Usage usage;
    private final BillingProperties properties;

    UsageController(Usage usage, BillingProperties properties) {
        this.usage = usage;
        this.properties = properties;
    }

    @GetMapping({"/v1/Account/{accountId}/Masking/Usage", "/v1/Account/{accountId}/Masking/Usage/"})
    Mono<ResponseEntity<?>> totals(@PathVariable String accountId, ServerWebExchange exchange,
            @RequestParam String from,
            @RequestParam String to, @RequestParam(name = "group_by", defaultValue = "day") String groupBy,
            @RequestParam(defaultValue = "json") String format) {
        Range range = Range.of(accountId, from, to);
        Usage.Period period = switch (groupBy) {
            case "day" -> Usage.Period.DAY;
            case "month" -> Usage.Period.MONTH;
            default -> throw new IllegalArgumentException("group_by must be day or month");
        };
        boolean csv = csv(format);
        Set<String> accounts = accounts(AuthenticatedAccount.of(exchange), accountId);
        return usage.totals(accounts, range.from(), range.to(), period).collectList().map(lines -> csv
                ? csv("usage-" + accountId + "-" + from + "-" + to + ".csv", UsageLine.CSV_HEADER, lines,
                        UsageLine::csv)
                : ResponseEntity.ok(new TotalsBody(accountId, accounts, range.from(), range.to(), groupBy, lines,
                        currencyTotals(lines))));
    }

    @GetMapping({"/v1/Account/{accountId}/Masking/Usage/Sessions", "/v1/Account/{accountId}/Masking/Usage/Sessions/"})
    Mono<ResponseEntity<?>> sessions(@PathVariable String accountId, ServerWebExchange exchange,
            @RequestParam String from,
            @RequestParam String to, @RequestParam(defaultValue = "json") String format) {
        Range range = Range.of(accountId, from, to);
        boolean csv = csv(format);
        Set<String> accounts = accounts(AuthenticatedAccount.of(exchange), accountId);
        return usage.sessions(accounts, range.from(), range.to()).collectList().map(lines -> csv
                ? csv("usage-sessions-" + accountId + "-" + from + "-" + to + ".csv", SessionUsage.CSV_HEADER,
                        lines, SessionUsage::csv)
                : ResponseEntity.ok(new SessionsBody(accountId, accounts, range.from(), range.to(), lines)));
    }

    /** The accounts whose charges the path's account sees: a main account's roll up its subaccounts. */
    private Set<String> accounts(AuthenticatedAccount caller, String pathAccount) {
        if (!pathAccount.equals(caller.mainAccountId())) {
            return Set.of(pathAccount);
        }
        Set<String> accounts = new TreeSet<>(properties.accountAndSubaccounts(pathAccount));
        accounts.addAll(caller.subaccountIds());
        return accounts;
    }

    private static boolean csv(String format) {
        return switch (format) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw new IllegalArgumentException("format must be json or csv");
        };
    }

    private static <T> ResponseEntity<?> csv(String filename, String header, List<T> lines,
            Function<T, String> row) {
        StringBuilder body = new StringBuilder(header).append("\r\n");
        lines.forEach(line -> body.append(row.apply(line)));
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(body.toString());
    }

    private static List<CurrencyTotal> currencyTotals(List<UsageLine> lines) {
        Map<String, CurrencyTotal> totals = new TreeMap<>();
        for (UsageLine line : lines) {
            boolean call = line.type().equals("call");
            totals.merge(line.currency(), new CurrencyTotal(line.currency(), call ? line.count() : 0,
                    line.billedSeconds(), call ? line.amount() : ZERO, call ? 0 : line.count(),
                    call ? ZERO : line.amount(), line.amount()), CurrencyTotal::plus);
        }
        return List.copyOf(totals.values());
    }

    /** A validated date range; {@code from} and {@code to} are inclusive UTC days. */
    private record Range(LocalDate from, LocalDate to) {

        static Range of(String accountId, String from, String to) {
            if (!ACCOUNT_ID.matcher(accountId).matches()) {
                throw new IllegalArgumentException("account_id must be 1 to 64 letters or digits");
            }
            LocalDate start = date("from", from);
            LocalDate end = date("to", to);
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("to must not be before from");
            }
            return new Range(start, end);
        }

        private static LocalDate date(String name, String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be a date as YYYY-MM-DD");
            }
        }
    }

    /** The totals answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TotalsBody(String accountId, Set<String> accounts, LocalDate from, LocalDate to, String groupBy,
            List<UsageLine> usage, List<CurrencyTotal> totals) {
    }

    /** The per-session answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SessionsBody(String accountId, Set<String> accounts, LocalDate from, LocalDate to,
            List<SessionUsage> sessions) {
    }

    /** Everything charged in one currency over the range. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CurrencyTotal(
            String currency,
            long legs,
            long billedSeconds,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal callAmount,
            long sessionsCharged,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal sessionFees,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount) {

        CurrencyTotal plus(CurrencyTotal other) {
            return new CurrencyTotal(currency, legs + other.legs, billedSeconds + other.billedSeconds,
                    scaled(callAmount.add(other.callAmount)), sessionsCharged + other.sessionsCharged,
                    scaled(sessionFees.add(other.sessionFees)), scaled(totalAmount.add(other.totalAmount)));
        }

        private static BigDecimal scaled(BigDecimal amount) {
            return amount.setScale(Money.SCALE);
        }
    }

    /** The body of an error answer, the error shape of every Veil API. */
    record ErrorBody(@Nullable String error) {
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> missing(MissingRequestValueException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new ErrorBody("Mandatory parameter missing. " + e.getName() + " must be present."));
    }
}
