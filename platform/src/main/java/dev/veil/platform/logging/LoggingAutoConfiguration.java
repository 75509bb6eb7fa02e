package dev.veil.platform.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Turns on {@link LogCorrelation} in every service and tags each HTTP request with its correlation id. */
@AutoConfiguration
public class LoggingAutoConfiguration {

    static {
        LogCorrelation.install();
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    CorrelationWebFilter correlationWebFilter() {
        return new CorrelationWebFilter();
    }
}
