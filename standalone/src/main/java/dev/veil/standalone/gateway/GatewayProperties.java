package dev.veil.standalone.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Where the gateway forwards ({@code veil.gateway.*}).
 *
 * @param sessionServiceUrl base URL of session-service, which serves {@code /v1/Account/{id}/Masking/**};
 *                          default http://127.0.0.1:8081
 * @param callRouterUrl     base URL of call-router, which serves the carrier webhooks {@code /carrier/**};
 *                          default http://127.0.0.1:8083
 */
@ConfigurationProperties("veil.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") URI sessionServiceUrl,
        @DefaultValue("http://127.0.0.1:8083") URI callRouterUrl) {
}
