package dev.veil.router.carrier;

import dev.veil.router.RouterProperties;
import dev.veil.router.call.CallHandler;
import dev.veil.router.index.RoutingIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;
import java.util.List;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** Wires the carrier adapters and serves their webhooks. */
@Configuration(proxyBeanMethods = false)
class CarrierConfiguration {

    @Bean
    PlivoAdapter plivoAdapter(RouterProperties properties, RoutingIndex index) {
        return new PlivoAdapter(properties.carrierAuthTokens(), properties.webhookBase(), index::partyOn);
    }

    @Bean
    @RouterOperation(path = "/carrier/{carrier}/{webhook}", method = RequestMethod.POST, operation = @Operation(
                    operationId = "carrierWebhook",
                    summary = "A carrier's call webhook; answered with call-control XML",
                    description = "Form-encoded as the carrier sends it (Plivo: numbers without '+'), signed with "
                            + "X-Plivo-Signature-V3 and its nonce (V2 accepted) over the exact URL with the carrier "
                            + "auth token; a missing, wrong or replayed signature gets 403 and changes nothing. Every "
                            + "webhook is idempotent by CallUUID: a retried answer gets the same XML.",
                    parameters = {
                        @Parameter(in = ParameterIn.PATH, name = "carrier", description = "the carrier",
                                schema = @Schema(allowableValues = "plivo")),
                        @Parameter(in = ParameterIn.PATH, name = "webhook", description = "which webhook",
                                schema = @Schema(allowableValues = {PlivoAdapter.ANSWER, PlivoAdapter.DIAL_EVENTS,
                                        PlivoAdapter.DIAL_STATUS, PlivoAdapter.HANGUP, PlivoAdapter.PIN,
                                        PlivoAdapter.OUTBOUND_ANSWER, PlivoAdapter.CALLEE_SOUND}))},
                    requestBody = @RequestBody(content = @Content(
                            mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE)),
                    responses = {
                        @ApiResponse(responseCode = "200", description = "call-control XML",
                                content = @Content(mediaType = MediaType.APPLICATION_XML_VALUE)),
                        @ApiResponse(responseCode = "403", description = "bad or replayed signature"),
                        @ApiResponse(responseCode = "404", description = "unknown carrier or webhook")}))
    RouterFunction<ServerResponse> carrierWebhookRoutes(List<CarrierAdapter> adapters, CallHandler calls,
            RouterProperties properties, Clock clock, MeterRegistry meters) {
        Nonces nonces = new Nonces(clock, properties.nonceWindow());
        Gauge.builder("veil.router.webhook.nonces", nonces, Nonces::size)
                .description("Signature nonces remembered to refuse replays").register(meters);
        CarrierWebhooks webhooks = new CarrierWebhooks(adapters, calls, properties.webhookBase(), nonces, meters);
        return route(POST("/carrier/{carrier}/{webhook}"), webhooks::handle);
    }
}
