package dev.veil.session.account;

import dev.veil.session.SessionProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/** Wires credentials checking and seeds the configured accounts before the server accepts requests. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    @Bean
    AccountCredentials accountCredentials(DatabaseClient db, SessionProperties properties) {
        return new AccountCredentials(db, new TokenCipher(properties.tokenEncryption()));
    }

    @Bean
    AccountTokens accountTokens(AccountCredentials credentials) {
        return new AccountTokens(credentials);
    }

    @Bean
    Subaccounts subaccounts(DatabaseClient db) {
        return new Subaccounts(db);
    }

    @Bean
    AdminAuthenticationFilter adminAuthenticationFilter(SessionProperties properties, JsonMapper json) {
        return new AdminAuthenticationFilter(properties.admin().username(), properties.admin().password(), json);
    }

    @Bean
    AccountAuthenticationFilter accountAuthenticationFilter(AccountCredentials credentials, JsonMapper json) {
        return new AccountAuthenticationFilter(credentials, json);
    }

    /**
     * Seeds after every singleton (Flyway's migration included) exists and before the web server starts, so the
     * first request already finds the accounts.
     */
    @Bean
    SmartInitializingSingleton accountSeeder(AccountCredentials credentials, SessionProperties properties) {
        return () -> Flux.fromIterable(properties.accounts())
                .concatMap(credentials::seed)
                .then().block(Duration.ofSeconds(30));
    }
}
