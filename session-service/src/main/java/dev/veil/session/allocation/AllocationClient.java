package dev.veil.session.allocation;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;

/**
 * Reserves a virtual number for a new session: {@code POST /internal/v1/allocations} on allocation-service.
 * The reservation is idempotent per session uuid, and allocation-service releases it unless a
 * {@code SessionCreated} for that session confirms it, so a create that fails after this call leaks nothing.
 */
public final class AllocationClient {

    private final WebClient web;
    private final JsonMapper json;
    private final Duration timeout;

    public AllocationClient(URI baseUrl, Duration timeout, JsonMapper json) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        this.web = WebClient.builder()
                .baseUrl(baseUrl.toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * Reserves a virtual number (and, when asked, two PINs) for the session.
     *
     * @throws AllocationRejectedException    (as an error signal) when no number can take the session
     * @throws AllocationUnavailableException (as an error signal) when allocation-service cannot be used
     */
    public Mono<Allocation> reserve(AllocationRequest request) {
        byte[] body = json.writeValueAsBytes(request);
        return web.post().uri("/internal/v1/allocations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(answer -> interpret(response.statusCode(), answer, request)))
                // Also bounds a server that keeps the connection open while trickling its answer.
                .timeout(timeout.multipliedBy(2))
                .onErrorMap(e -> !(e instanceof AllocationRejectedException
                                || e instanceof AllocationUnavailableException),
                        e -> new AllocationUnavailableException("allocation-service unreachable: " + e, e));
    }

    private Allocation interpret(HttpStatusCode status, byte[] answer, AllocationRequest request) {
        JsonNode body = parse(answer);
        if (status.is2xxSuccessful()) {
            JsonNode number = body.path("virtual_number");
            if (!number.isString()) {
                throw new AllocationUnavailableException("allocation-service answered without a virtual_number");
            }
            PhoneNumber virtualNumber;
            try {
                virtualNumber = PhoneNumber.parse(number.stringValue());
            } catch (InvalidPhoneNumberException e) {
                throw new AllocationUnavailableException("allocation-service answered an invalid virtual_number");
            }
            if (request.generatePinLength() == null) {
                return new Allocation(virtualNumber, null, null);
            }
            String first = body.path("first_party_pin").asString("");
            String second = body.path("second_party_pin").asString("");
            String digits = "\\d{" + request.generatePinLength() + "}";
            if (!first.matches(digits) || !second.matches(digits) || first.equals(second)) {
                throw new AllocationUnavailableException("allocation-service answered without two generated PINs");
            }
            return new Allocation(virtualNumber, first, second);
        }
        if (status.value() == 400 || status.value() == 404) {
            JsonNode error = body.path("error");
            throw new AllocationRejectedException(status.value(), error.isString() ? error.stringValue()
                    : "Number pool exhausted or not available.");
        }
        throw new AllocationUnavailableException("allocation-service answered " + status.value());
    }

    private JsonNode parse(byte[] answer) {
        if (answer.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(answer);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    /**
     * A reserved virtual number, E.164 with {@code +}, and the PINs allocation-service generated (null unless
     * {@code generate_pin_length} was asked).
     */
    public record Allocation(PhoneNumber virtualNumber, @Nullable String firstPartyPin,
            @Nullable String secondPartyPin) {
    }
}
