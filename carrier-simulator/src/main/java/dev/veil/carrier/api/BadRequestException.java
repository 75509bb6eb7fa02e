package dev.veil.carrier.api;

/** A request the simulator refuses with 400; the message is safe to return (it never repeats a phone number). */
final class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message);
    }
}
