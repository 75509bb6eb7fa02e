package dev.veil.session.api;

/** A create-session request that cannot be accepted; the message is the API's 400 error, safe to show. */
final class InvalidSessionRequestException extends RuntimeException {

    InvalidSessionRequestException(String message) {
        super(message, null, false, false);
    }
}
