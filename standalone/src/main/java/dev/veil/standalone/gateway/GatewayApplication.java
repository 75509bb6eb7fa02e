package dev.veil.standalone.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The public entry point of the standalone platform, standing in for the REST gateway customers put in front of
 * Veil: one base URL for the Plivo-compatible API (sessions, the number pool, usage, recordings) and the carrier
 * webhooks, each path forwarded to its service.
 * Internal endpoints ({@code /internal/**}) are not exposed.
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    @Bean
    RouterFunction<ServerResponse> gatewayRoutes(GatewayProperties routes) {
        Forwarder forwarder = new Forwarder(WebClient.create());
        return route(path("/v1/Account/*/Masking/Number/**"),
                        req -> forwarder.forward(req, routes.allocationServiceUrl()))
                .andRoute(path("/v1/Account/*/Masking/Usage/**"),
                        req -> forwarder.forward(req, routes.billingServiceUrl()))
                .andRoute(path("/v1/Account/*/Masking/**"), req -> forwarder.forward(req, routes.sessionServiceUrl()))
                .andRoute(path("/v1/Account/*/Recording/**"),
                        req -> forwarder.forward(req, routes.recordingServiceUrl()))
                .andRoute(path("/carrier/plivo/recording"),
                        req -> forwarder.forward(req, routes.recordingServiceUrl()))
                .andRoute(path("/carrier/**"), req -> forwarder.forward(req, routes.callRouterUrl()));
    }
}
