package dev.veil.allocation;

import org.springframework.http.HttpStatus;

/**
 * A request this service refuses, with the HTTP status and the message its caller sees as {@code {"error": ...}}.
 * Messages follow Plivo's wording where Plivo has one, since session-service passes them through to customers.
 */
public final class RejectedRequestException extends RuntimeException {

    private final HttpStatus status;

    public RejectedRequestException(HttpStatus status, String message) {
        // An expected outcome, not a fault: no stack trace to fill or log.
        super(message, null, false, false);
        this.status = status;
    }

    public static RejectedRequestException badRequest(String message) {
        return new RejectedRequestException(HttpStatus.BAD_REQUEST, message);
    }

    public HttpStatus status() {
        return status;
    }
}
