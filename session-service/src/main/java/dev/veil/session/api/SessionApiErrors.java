package dev.veil.session.api;

import dev.veil.session.allocation.AllocationRejectedException;
import dev.veil.session.allocation.AllocationUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the session API's failures into Plivo-shaped error bodies {@code {"api_id", "error"}}. */
@RestControllerAdvice(assignableTypes = SessionController.class)
class SessionApiErrors {

    static final String ALLOCATION_UNAVAILABLE =
            "Virtual number allocation is unavailable at the moment. Retry the request.";

    private static final Logger log = LoggerFactory.getLogger(SessionApiErrors.class);

    @ExceptionHandler
    ResponseEntity<ApiError> invalid(InvalidSessionRequestException e) {
        return ResponseEntity.badRequest().body(ApiError.of(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(ApiError.of(e.getMessage()));
    }

    /** allocation-service's refusal (pool exhausted, no number in the country) reaches the client unchanged. */
    @ExceptionHandler
    ResponseEntity<ApiError> rejected(AllocationRejectedException e) {
        return ResponseEntity.status(e.status()).body(ApiError.of(e.getMessage()));
    }

    /** 503, which the SDKs retry: nothing was stored, so the retry is a fresh attempt. */
    @ExceptionHandler
    ResponseEntity<ApiError> unavailable(AllocationUnavailableException e) {
        log.warn("session not created, allocation-service unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ApiError.of(ALLOCATION_UNAVAILABLE));
    }
}
