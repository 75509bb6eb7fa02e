package dev.veil.session.api;

import org.springframework.http.HttpStatus;

/** An API error with its status; the message is shown to the client as the {@code error} of the body. */
final class ApiException extends RuntimeException {

    private final HttpStatus status;

    ApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
