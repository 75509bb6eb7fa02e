package dev.veil.recording.store;

import java.util.regex.Pattern;

/** What {@link MediaStore#safeName} accepts. */
final class SafeNames {

    /** Auth ids and recording ids become key parts and file names: no path separators, no dots. */
    static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private SafeNames() {
    }
}
