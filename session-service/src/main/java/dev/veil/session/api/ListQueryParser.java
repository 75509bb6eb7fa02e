package dev.veil.session.api;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.sessions.SessionQuery;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.veil.session.api.RequestParams.invalid;

/**
 * Reads the query string of a session list (PLIVO_API.md §2.2) into a {@link SessionQuery}. Every SDK's spelling
 * is accepted: the documented double-underscore suffixes ({@code created_time__gte}), the Java SDK's single
 * underscore ({@code created_time_gte}) and the Node SDK's {@code created_times}/{@code expiry_times}/
 * {@code durations} for "equals". Times are UTC {@code YYYY-MM-DD HH:MM[:ss[.uuuuuu]]}; "equals" a time matches the
 * whole minute or second given. Without any {@code created_time} bound, only sessions created in the last 7 days
 * are listed, as Plivo documents. {@code status} is {@code active} (which includes {@code in-progress}),
 * {@code in-progress}, {@code expired} or {@code all} (the default). {@code limit} 1 to 20 (default 20),
 * {@code offset} 0 or more. Unknown parameters are ignored. Parties are matched by their blind index (the table holds
 * their numbers sealed); the virtual number, Veil's own, as it is.
 */
final class ListQueryParser {

    static final int MAX_LIMIT = 20;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2})(:\\d{2}(\\.\\d{1,6})?)?");
    private static final Map<String, String> OPERATORS = Map.of("", "=", "gt", ">", "gte", ">=", "lt", "<",
            "lte", "<=");
    private static final Pattern FILTER = Pattern.compile("(created_time|expiry_time|duration)(?:__?(gte?|lte?))?");
    private static final Map<String, String> NODE_EQUALS = Map.of("created_times", "created_time",
            "expiry_times", "expiry_time", "durations", "duration");

    private ListQueryParser() {
    }

    /** @param blindIndex the blind index of a party's number */
    static SessionQuery parse(MultiValueMap<String, String> query, Instant now,
            Function<PhoneNumber, String> blindIndex) {
        StringBuilder conditions = new StringBuilder();
        Map<String, Object> values = new HashMap<>();
        boolean createdBound = false;
        for (String party : List.of("first_party", "second_party")) {
            String raw = query.getFirst(party);
            if (raw != null && !raw.isBlank()) {
                condition(conditions, values, party + "_index = ", blindIndex.apply(number(party, raw)));
            }
        }
        String virtualNumber = query.getFirst("virtual_number");
        if (virtualNumber != null && !virtualNumber.isBlank()) {
            condition(conditions, values, "virtual_number = ", number("virtual_number", virtualNumber).e164());
        }
        String subaccount = query.getFirst("subaccount");
        if (subaccount != null && !subaccount.isBlank()) {
            condition(conditions, values, "subaccount = ", subaccount.trim());
        }
        String status = query.getFirst("status");
        switch (status == null ? "all" : status.trim().toLowerCase(Locale.ROOT)) {
            case "", "all" -> { }
            case "active" -> conditions.append(" AND status IN ('active', 'in-progress')");
            case "in-progress" -> conditions.append(" AND status = 'in-progress'");
            case "expired" -> conditions.append(" AND status = 'expired'");
            default -> throw invalid("Invalid parameter. status allowed values are active, in-progress, expired or"
                    + " all.");
        }
        for (Map.Entry<String, List<String>> param : query.entrySet()) {
            String name = param.getKey();
            String value = param.getValue().isEmpty() ? "" : param.getValue().getFirst().trim();
            String field;
            String operator;
            Matcher filter = FILTER.matcher(name);
            if (filter.matches()) {
                field = filter.group(1);
                operator = OPERATORS.get(filter.group(2) == null ? "" : filter.group(2));
            } else if (NODE_EQUALS.containsKey(name)) {
                field = NODE_EQUALS.get(name);
                operator = "=";
            } else {
                continue;
            }
            if (value.isEmpty()) {
                continue;
            }
            createdBound |= field.equals("created_time");
            if (field.equals("duration")) {
                long seconds;
                try {
                    seconds = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw invalid("Invalid parameter. " + name + " should be an integer number of seconds.");
                }
                condition(conditions, values, "EXTRACT(EPOCH FROM (expiry_time - created_time)) " + operator + " ",
                        seconds);
            } else {
                Bound bound = time(name, value);
                if (operator.equals("=")) {
                    condition(conditions, values, field + " >= ", bound.start().atOffset(ZoneOffset.UTC));
                    condition(conditions, values, field + " < ", bound.end().atOffset(ZoneOffset.UTC));
                } else {
                    // A time covers its whole minute (or second): "> 10:00" starts after that minute, "<= 10:00"
                    // ends with it.
                    Instant edge = operator.equals(">") || operator.equals("<=") ? bound.end() : bound.start();
                    condition(conditions, values, field + (operator.startsWith(">") ? " >= " : " < "),
                            edge.atOffset(ZoneOffset.UTC));
                }
            }
        }
        if (!createdBound) {
            condition(conditions, values, "created_time >= ", now.minus(DEFAULT_WINDOW).atOffset(ZoneOffset.UTC));
        }
        int limit = (int) integer(query.getFirst("limit"), "limit", 1, MAX_LIMIT, MAX_LIMIT);
        long offset = integer(query.getFirst("offset"), "offset", 0, Long.MAX_VALUE, 0);
        return new SessionQuery(conditions.toString(), values, limit, offset);
    }

    private static void condition(StringBuilder conditions, Map<String, Object> values, String expression,
            Object value) {
        String name = "f" + values.size();
        conditions.append(" AND ").append(expression).append(':').append(name);
        values.put(name, value);
    }

    private static PhoneNumber number(String name, String raw) {
        try {
            return PhoneNumber.parse(raw.trim());
        } catch (InvalidPhoneNumberException e) {
            throw invalid("Invalid parameter. " + name + " is not a valid phone number.");
        }
    }

    /** The span a time as given covers: its whole minute, or second when seconds were given. */
    private record Bound(Instant start, Instant end) {
    }

    private static Bound time(String name, String value) {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            throw invalid("Invalid parameter. " + name + " should be a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]].");
        }
        try {
            Instant start = LocalDateTime.parse(m.group(1) + "T" + m.group(2)
                            + (m.group(3) == null ? "" : m.group(3)), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toInstant(ZoneOffset.UTC);
            ChronoUnit unit = m.group(3) == null ? ChronoUnit.MINUTES
                    : m.group(4) == null ? ChronoUnit.SECONDS : ChronoUnit.MICROS;
            return new Bound(start, start.plus(1, unit));
        } catch (DateTimeParseException e) {
            throw invalid("Invalid parameter. " + name + " should be a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]].");
        }
    }

    private static long integer(@Nullable String raw, String name, long min, long max, long otherwise) {
        if (raw == null || raw.isBlank()) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw invalid(name.equals("limit") ? "Invalid parameter. limit should be between 1 and " + MAX_LIMIT + "."
                    : "Invalid parameter. offset should be 0 or more.");
        }
        return value;
    }
}
