package dev.veil.billing.charging;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.MissingRequestValueException;
import reactor.core.publisher.Flux;

/**
 * {@code GET /internal/v1/charges?session_uuid=...}: a session's charge rows as a JSON array (empty for a session
 * without charges), for debugging and tests. 400 {@code {"error": ...}} without {@code session_uuid}.
 */
@RestController
class ChargesController {

    private final Charges charges;

    ChargesController(Charges charges) {
        this.charges = charges;
    }

    @GetMapping("/internal/v1/charges")
    Flux<Charge> list(@RequestParam("session_uuid") String sessionUuid) {
        return charges.ofSession(sessionUuid);
    }

    /** The body of an error answer, the error shape of every Veil API. */
    record ErrorBody(String error) {
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> missing(MissingRequestValueException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new ErrorBody("Mandatory parameter missing. " + e.getName() + " must be present."));
    }
}
