package dev.veil.router.carrier;

/** A signed webhook lacks a parameter Veil needs, or has one it cannot read; answered with 400. */
public final class MalformedWebhookException extends RuntimeException {

    /** @param parameter the parameter's name (never its value, which may be a phone number) */
    public MalformedWebhookException(String parameter) {
        super("missing or invalid parameter " + parameter);
    }
}
