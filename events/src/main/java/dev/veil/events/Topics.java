package dev.veil.events;

/**
 * Kafka topics, one per aggregate and versioned (a breaking change of an event gets a new topic version). Every
 * record is keyed by the session uuid it belongs to ({@link VeilEvent#key()}).
 */
public final class Topics {
    /**
     * Session lifecycle; compacted, so its latest record per session is the session's current routing state. v2:
     * party numbers are {@link PartyNumber}s (blind index, country, sealed number), no longer E.164 in clear.
     */
    public static final String SESSION = "veil.session.v2";
    /** Calls as the carrier reports them. */
    public static final String CALL = "veil.call.v1";
    /** Charges of finished calls. */
    public static final String BILLING = "veil.billing.v1";
    /** Recordings. */
    public static final String RECORDING = "veil.recording.v1";
    /** Virtual number allocations. */
    public static final String ALLOCATION = "veil.allocation.v1";

    private Topics() {
    }
}
