package dev.veil.carrier.api;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the {@code digits} field of a request: one string, or a list of strings (one per prompt). */
final class Digits {

    private static final Pattern KEYS = Pattern.compile("[0-9*#]{0,64}");
    static final int MAX_ENTRIES = 20;

    private Digits() {
    }

    /**
     * @throws BadRequestException when it is neither a string nor a list of strings of keys 0-9, * and #
     */
    static List<String> parse(@Nullable Object digits) {
        if (digits == null) {
            return List.of();
        }
        List<?> raw = digits instanceof List<?> list ? list : List.of(digits);
        if (raw.size() > MAX_ENTRIES) {
            throw new BadRequestException("digits must hold at most " + MAX_ENTRIES + " entries.");
        }
        List<String> entries = new ArrayList<>();
        for (Object entry : raw) {
            if (!(entry instanceof String keys) || !KEYS.matcher(keys).matches()) {
                throw new BadRequestException("digits must be a string, or a list of strings, of at most 64 keys "
                        + "among 0-9, * and #, e.g. \"1234#\" or [\"0000#\", \"1234#\"].");
            }
            entries.add(keys);
        }
        return entries;
    }
}
