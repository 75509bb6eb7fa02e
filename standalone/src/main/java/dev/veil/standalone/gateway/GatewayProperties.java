package dev.veil.standalone.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Where the gateway forwards ({@code veil.gateway.*}).
 *
 * @param sessionServiceUrl base URL of session-service, which serves {@code /v1/Account/{id}/Masking/**};
 *                          default http://127.0.0.1:8081
 * @param callRouterUrl     base URL of call-router, which serves the carrier's call webhooks {@code /carrier/**};
 *                          default http://127.0.0.1:8083
 * @param allocationServiceUrl base URL of allocation-service, which serves the number pool
 *                          {@code /v1/Account/{id}/Masking/Number/**}; default http://127.0.0.1:8082
 * @param billingServiceUrl base URL of billing-service, which serves usage {@code /v1/Account/{id}/Masking/Usage/**};
 *                          default http://127.0.0.1:8085
 * @param recordingServiceUrl base URL of recording-service, which serves recordings
 *                          {@code /v1/Account/{id}/Recording/**} and the carrier's recording callbacks
 *                          {@code /carrier/plivo/recording}; default http://127.0.0.1:8084
 */
@ConfigurationProperties("veil.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") URI sessionServiceUrl,
        @DefaultValue("http://127.0.0.1:8083") URI callRouterUrl,
        @DefaultValue("http://127.0.0.1:8082") URI allocationServiceUrl,
        @DefaultValue("http://127.0.0.1:8085") URI billingServiceUrl,
        @DefaultValue("http://127.0.0.1:8084") URI recordingServiceUrl) {
}
