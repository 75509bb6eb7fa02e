package dev.veil.carrier.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Turns refused requests of the simulator's own API into 400 {@code {"error": "..."}} answers. */
@RestControllerAdvice(basePackageClasses = RejectedRequests.class)
class RejectedRequests {

    @ExceptionHandler
    ResponseEntity<ErrorBody> invalid(BadRequestException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> unreadable(ServerWebInputException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorBody("Invalid request body: expected a "
                + "JSON object such as {\"from\": \"+14155550100\", \"to\": \"+14155550190\", \"talk_seconds\": 65, "
                + "\"callee\": \"answer\"} (a call) or {\"answer\": \"answer\", \"digits\": \"1234#\"} (a phone)."));
    }
}
