package dev.veil.session.sessions;

import java.util.Arrays;

/** A session's status as the API shows it. */
public enum SessionStatus {
    /** Routing calls, none under way. */
    ACTIVE("active"),
    /** Routing calls, one under way (between {@code InteractionStarted} and {@code CallEnded}). */
    IN_PROGRESS("in-progress"),
    /** No longer routing calls; final. */
    EXPIRED("expired");

    private final String wireName;

    SessionStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the API, the database and events. */
    public String wireName() {
        return wireName;
    }

    static SessionStatus fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown session status " + wireName));
    }
}
