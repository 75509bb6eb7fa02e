package dev.veil.allocation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Turns refused requests into {@code {"error": "..."}} bodies, the error shape of every Veil API. */
@RestControllerAdvice
class RejectedRequests {

    /** The body of every error answer. */
    record ErrorBody(String error) {
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> rejected(RejectedRequestException e) {
        return ResponseEntity.status(e.status()).body(new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> unreadable(ServerWebInputException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorBody("Invalid request body."));
    }
}
