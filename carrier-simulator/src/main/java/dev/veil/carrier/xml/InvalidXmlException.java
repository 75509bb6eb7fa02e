package dev.veil.carrier.xml;

/** An application answered something that is not valid Plivo XML; Plivo hangs such a call up. */
public final class InvalidXmlException extends Exception {

    InvalidXmlException(String message) {
        super(message);
    }

    InvalidXmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
