package dev.veil.session.allocation;

/**
 * allocation-service could not give the session a virtual number (400: the pool is exhausted; 404: no number of
 * a compatible country). The status and message are meant to reach the API client unchanged.
 */
public final class AllocationRejectedException extends RuntimeException {

    private final int status;

    AllocationRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status allocation-service answered. */
    public int status() {
        return status;
    }
}
