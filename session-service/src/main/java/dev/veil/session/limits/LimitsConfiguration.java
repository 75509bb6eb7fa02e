package dev.veil.session.limits;

import dev.veil.platform.ratelimit.TokenBuckets;
import dev.veil.session.SessionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean
    AccountLimits accountLimits(DatabaseClient db, SessionProperties properties) {
        return new AccountLimits(db, properties.limits());
    }

    @Bean
    SessionRateLimiter sessionRateLimiter(AccountLimits limits, Clock clock, MeterRegistry meters) {
        return new SessionRateLimiter(limits, new TokenBuckets(clock), meters);
    }
}
