package dev.veil.session.callbacks;

/** Which URL of the session a callback goes to. */
enum CallbackKind {
    /** {@code callback_url}: the session's call, PIN and expiry events (PLIVO_API.md §6.1). */
    STATUS("status"),
    /** {@code recording_callback_url}: the recording events (§6.2). */
    RECORDING("recording");

    private final String wireName;

    CallbackKind(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
