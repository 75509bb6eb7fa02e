package dev.veil.router.limits;

import dev.veil.platform.ratelimit.TokenBuckets;
import dev.veil.router.RouterProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;

/** Wires the per-account call limits to session-service and the configured default. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean
    AccountCallLimits accountCallLimits(RouterProperties properties, Clock clock, MeterRegistry meters) {
        RouterProperties.CallLimit limit = properties.callLimit();
        return new AccountCallLimits(WebClient.create(properties.sessionServiceUrl().toString()),
                new TokenBuckets(clock),
                new TokenBuckets.Limit(limit.callsPerSecond(), limit.callsBurst()), limit.cacheFor(),
                limit.lookupTimeout(), clock, meters);
    }
}
