package dev.veil.router.call;

/** The kinds of carrier report Veil records, each at most once per call. */
public enum WebhookKind {
    /** The carrier asks where an incoming call goes. */
    ANSWER("answer"),
    /** The dialled party answered. */
    DIAL_ANSWER("dial_answer"),
    /** The dialled (B) leg hung up, with its durations. */
    DIAL_HANGUP("dial_hangup"),
    /** The dial finished, with its outcome. */
    DIAL_STATUS("dial_status"),
    /** The caller's (A) leg hung up: the call is over. */
    HANGUP("hangup"),
    /** Digits typed at a PIN prompt; logged once per try, as {@code pin_<try>}. */
    PIN("pin"),
    /** A sound for a dialled party was fetched; never logged (it has no effect). */
    SOUND("sound");

    private final String logName;

    WebhookKind(String logName) {
        this.logName = logName;
    }

    /** The name in the webhook log's {@code kind} column. */
    public String logName() {
        return logName;
    }
}
