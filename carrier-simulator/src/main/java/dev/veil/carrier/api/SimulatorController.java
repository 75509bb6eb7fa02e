package dev.veil.carrier.api;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.CallSimulator;
import dev.veil.carrier.records.CallRecords;
import dev.veil.carrier.records.PhoneCalls;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The simulator's API.
 * <ul>
 *   <li>{@code POST /sim/v1/calls} places an inbound call and answers its {@link CallReport} once the call has
 *   ended and every webhook has been sent (200).</li>
 *   <li>{@code GET /sim/v1/calls/{call_uuid}} answers the report of a remembered call (404 otherwise).</li>
 *   <li>{@code GET /sim/v1/phones/{number}/calls} answers what that phone saw, oldest first.</li>
 * </ul>
 */
@RestController
class SimulatorController {

    private final CallSimulator simulator;
    private final CallRecords records;
    private final SimulatorProperties properties;
    private final Scheduler calls;

    SimulatorController(CallSimulator simulator, CallRecords records, SimulatorProperties properties,
            Scheduler callScheduler) {
        this.simulator = simulator;
        this.records = records;
        this.properties = properties;
        this.calls = callScheduler;
    }

    @PostMapping("/sim/v1/calls")
    Mono<CallReport> place(@RequestBody PlaceCallRequest request) {
        return Mono.fromCallable(() -> request.toOrder(properties.ringTime()))
                .flatMap(order -> Mono.fromCallable(() -> simulator.place(order)).subscribeOn(calls))
                .doOnNext(records::add);
    }

    @GetMapping("/sim/v1/calls/{callUuid}")
    ResponseEntity<?> call(@PathVariable String callUuid) {
        return records.call(callUuid)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(new ErrorBody("No call with this call_uuid (unknown, or no longer remembered).")));
    }

    @GetMapping("/sim/v1/phones/{number}/calls")
    PhoneCalls phone(@PathVariable String number) {
        try {
            return records.phone(PhoneNumber.parse(number));
        } catch (InvalidPhoneNumberException e) {
            throw new BadRequestException("The phone number is not a valid phone number in E.164 format.");
        }
    }
}
