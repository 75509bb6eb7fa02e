package dev.veil.carrier.api;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.CallSimulator;
import dev.veil.carrier.phones.PhoneBook;
import dev.veil.carrier.phones.PhoneScript;
import dev.veil.carrier.records.CallRecords;
import dev.veil.carrier.records.PhoneCalls;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
 *   <li>{@code GET /sim/v1/requests/{request_uuid}} answers the report of a finished Call API call (404 while it
 *   is still running, or unknown).</li>
 *   <li>{@code GET /sim/v1/phones/{number}/calls} answers what that phone saw and heard, oldest first.</li>
 *   <li>{@code PUT /sim/v1/phones/{number}} scripts the phone (200 with the script); {@code DELETE} forgets the
 *   script (204).</li>
 * </ul>
 */
@RestController
class SimulatorController {

    private final CallSimulator simulator;
    private final CallRecords records;
    private final PhoneBook phones;
    private final SimulatorProperties properties;
    private final Scheduler calls;

    SimulatorController(CallSimulator simulator, CallRecords records, PhoneBook phones,
            SimulatorProperties properties, Scheduler callScheduler) {
        this.simulator = simulator;
        this.records = records;
        this.phones = phones;
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

    @GetMapping("/sim/v1/requests/{requestUuid}")
    ResponseEntity<?> request(@PathVariable String requestUuid) {
        return records.request(requestUuid)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ErrorBody(
                        "No finished call with this request_uuid (still running, unknown, or no longer remembered).")));
    }

    @GetMapping("/sim/v1/phones/{number}/calls")
    PhoneCalls phone(@PathVariable String number) {
        return records.phone(phoneNumber(number));
    }

    @PutMapping("/sim/v1/phones/{number}")
    PhoneView script(@PathVariable String number, @RequestBody PhoneScriptRequest request) {
        PhoneNumber phone = phoneNumber(number);
        PhoneScript script = request.toScript();
        phones.put(phone, script);
        return PhoneView.of(phone.e164(), script);
    }

    @DeleteMapping("/sim/v1/phones/{number}")
    ResponseEntity<Void> forget(@PathVariable String number) {
        phones.remove(phoneNumber(number));
        return ResponseEntity.noContent().build();
    }

    private static PhoneNumber phoneNumber(String number) {
        try {
            return PhoneNumber.parse(number);
        } catch (InvalidPhoneNumberException e) {
            throw new BadRequestException("The phone number is not a valid phone number in E.164 format.");
        }
    }
}
