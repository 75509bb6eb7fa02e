package dev.veil.allocation.reservation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Where an allocation is in its life; the wire and database value is the lowercase name. */
public enum AllocationStatus {
    /** Allocated for a session that session-service is about to create; the reaper releases it if it never is. */
    RESERVED,
    /** The session exists (SessionCreated was consumed). */
    CONFIRMED,
    /** The session expired, but its bindings stay reserved until its cool-off period ends. */
    COOLING,
    /** The session expired (and cooled off), or was never created; the allocation holds no bindings any more. */
    RELEASED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AllocationStatus fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown allocation status " + wireName));
    }
}
