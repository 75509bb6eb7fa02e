package dev.veil.router.carrier;

import dev.veil.router.RouterProperties;
import dev.veil.router.call.CallHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    PlivoAdapter plivoAdapter(RouterProperties properties) {
        return new PlivoAdapter(properties.carrierAuthTokens(), properties.webhookBase());
    }

    @Bean
    RouterFunction<ServerResponse> carrierWebhookRoutes(List<CarrierAdapter> adapters, CallHandler calls,
            RouterProperties properties, Clock clock, MeterRegistry meters) {
        Nonces nonces = new Nonces(clock, properties.nonceWindow());
        Gauge.builder("veil.router.webhook.nonces", nonces, Nonces::size)
                .description("Signature nonces remembered to refuse replays").register(meters);
        CarrierWebhooks webhooks = new CarrierWebhooks(adapters, calls, properties.webhookBase(), nonces, meters);
        return route(POST("/carrier/{carrier}/{webhook}"), webhooks::handle);
    }
}
