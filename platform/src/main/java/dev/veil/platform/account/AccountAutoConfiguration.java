package dev.veil.platform.account;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.time.Clock;
import java.util.List;

/**
 * Account authentication for a service whose configuration lists {@code veil.accounts.authenticate-paths}; a
 * service without that key gets neither the authenticator nor the filter.
 */
@AutoConfiguration(afterName = "dev.veil.platform.boot.PlatformAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Conditional(AccountAutoConfiguration.AuthenticatePathsSet.class)
@EnableConfigurationProperties(AccountProperties.class)
public class AccountAutoConfiguration {

    @Bean
    AccountAuthenticator accountAuthenticator(AccountProperties properties, Clock clock) {
        return new AccountAuthenticator(properties.sessionServiceUrl(), properties.timeout(), properties.cacheTtl(),
                clock);
    }

    @Bean
    AccountAuthenticationFilter veilAccountAuthenticationFilter(AccountAuthenticator authenticator,
            AccountProperties properties) {
        return new AccountAuthenticationFilter(authenticator, properties.authenticatePaths());
    }

    /** Matches when {@code veil.accounts.authenticate-paths} binds to a non-empty list (YAML list or CSV). */
    static final class AuthenticatePathsSet implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("veil.accounts.authenticate-paths", Bindable.listOf(String.class))
                    .map(paths -> !paths.isEmpty())
                    .orElse(false);
        }
    }
}
