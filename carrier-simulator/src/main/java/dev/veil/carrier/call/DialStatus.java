package dev.veil.carrier.call;

/** The {@code DialStatus} a Dial action URL receives. */
enum DialStatus {
    COMPLETED("completed"),
    BUSY("busy"),
    NO_ANSWER("no-answer"),
    FAILED("failed");

    private final String wire;

    DialStatus(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}
