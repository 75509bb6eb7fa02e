package dev.veil.router.carrier;

import dev.veil.router.RouterProperties;
import dev.veil.router.call.CallHandler;
import dev.veil.router.index.RoutingIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import java.time.Clock;
import java.util.List;

/** Wires the carrier adapters and serves their webhooks. */
@Configuration(proxyBeanMethods = false)
class CarrierConfiguration {

    @Bean
    PlivoAdapter plivoAdapter(RouterProperties properties, RoutingIndex index) {
        return new PlivoAdapter(properties.carrierAuthTokens(), properties.webhookBase(), index::partyOn);
    }

    @Bean
    CarrierWebhookRoute carrierWebhookRoute(List<CarrierAdapter> adapters, CallHandler calls,
            RouterProperties properties, Clock clock, MeterRegistry meters) {
        Nonces nonces = new Nonces(clock, properties.nonceWindow());
        Gauge.builder("veil.router.webhook.nonces", nonces, Nonces::size)
                .description("Signature nonces remembered to refuse replays").register(meters);
        CarrierWebhooks webhooks = new CarrierWebhooks(adapters, calls, properties.webhookBase(), nonces, meters);
        return new CarrierWebhookRoute(webhooks::handle, meters);
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> carrierWebhookServer(CarrierWebhookRoute route) {
        return factory -> factory.addRouteProviders(route);
    }

    /** The webhook in the service's OpenAPI document, which describes only WebFlux's endpoints by itself. */
    @Bean
    OpenApiCustomizer carrierWebhookDocument() {
        Operation operation = new Operation()
                .operationId("carrierWebhook")
                .summary("A carrier's call webhook; answered with call-control XML")
                .description("Form-encoded as the carrier sends it (Plivo: numbers without '+'), signed with "
                        + "X-Plivo-Signature-V3 and its nonce (V2 accepted) over the exact URL with the carrier "
                        + "auth token; a missing, wrong or replayed signature gets 403 and changes nothing. Every "
                        + "webhook is idempotent by CallUUID: a retried answer gets the same XML.")
                .addParametersItem(new PathParameter().name("carrier").description("the carrier")
                        .schema(new StringSchema()._enum(List.of("plivo"))))
                .addParametersItem(new PathParameter().name("webhook").description("which webhook")
                        .schema(new StringSchema()._enum(List.of(PlivoAdapter.ANSWER, PlivoAdapter.DIAL_EVENTS,
                                PlivoAdapter.DIAL_STATUS, PlivoAdapter.HANGUP, PlivoAdapter.PIN,
                                PlivoAdapter.OUTBOUND_ANSWER, PlivoAdapter.CALLEE_SOUND))))
                .requestBody(new RequestBody().content(new Content().addMediaType(
                        MediaType.APPLICATION_FORM_URLENCODED_VALUE, new io.swagger.v3.oas.models.media.MediaType())))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("call-control XML")
                                .content(new Content().addMediaType(MediaType.APPLICATION_XML_VALUE,
                                        new io.swagger.v3.oas.models.media.MediaType())))
                        .addApiResponse("403", new ApiResponse().description("bad or replayed signature"))
                        .addApiResponse("404", new ApiResponse().description("unknown carrier or webhook")));
        return openApi -> openApi.path(CarrierWebhookRoute.PATH, new PathItem().post(operation));
    }
}
