package dev.veil.allocation.reservation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/v1/allocations}: session-service asks for a virtual number before it creates a session.
 * 201 with a new reservation, 200 when the session uuid was allocated before (safe to retry), 400/404/409 with
 * {@code {"error": ...}} otherwise (see {@link Allocator#allocate}).
 */
@RestController
class AllocationController {

    private final Allocator allocator;

    AllocationController(Allocator allocator) {
        this.allocator = allocator;
    }

    @PostMapping("/internal/v1/allocations")
    Mono<ResponseEntity<Allocation>> allocate(@RequestBody AllocationRequest request) {
        return Mono.fromCallable(request::validate)
                .flatMap(allocator::allocate)
                .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(r.allocation()));
    }
}
