package dev.veil.carrier.callapi;

import org.springframework.http.HttpStatus;

/** A Call API request refused with {@code status}; the message is safe to return (it never repeats a number). */
final class CallApiException extends RuntimeException {

    private final HttpStatus status;

    CallApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
