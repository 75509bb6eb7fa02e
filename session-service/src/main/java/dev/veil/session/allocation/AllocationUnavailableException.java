package dev.veil.session.allocation;

/** allocation-service could not be reached or answered something other than an allocation or a refusal. */
public final class AllocationUnavailableException extends RuntimeException {

    AllocationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    AllocationUnavailableException(String message) {
        super(message);
    }
}
