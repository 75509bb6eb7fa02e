package dev.veil.billing.usage;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 4180 rows: comma separated, CRLF terminated, a field quoted when it holds a comma, quote or line break. */
final class Csv {

    private Csv() {
    }

    static String row(@Nullable Object... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(",", "", "\r\n"));
    }

    private static String field(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\r") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
