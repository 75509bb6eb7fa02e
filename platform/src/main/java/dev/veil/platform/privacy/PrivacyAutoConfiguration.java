package dev.veil.platform.privacy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** The keys protecting phone numbers, and key rotation of the encrypted columns a service declares. */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

    @Bean
    PrivacyKeys privacyKeys(PrivacyProperties properties) {
        return PrivacyKeys.of(properties);
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    KeyRotation keyRotation(DatabaseClient db, PrivacyKeys keys, ObjectProvider<EncryptedColumn> columns) {
        return new KeyRotation(db, keys.data(), columns.orderedStream().toList());
    }

    @Bean
    @ConditionalOnBean(KeyRotation.class)
    KeyRotationEndpoint keyRotationEndpoint(KeyRotation rotation) {
        return new KeyRotationEndpoint(rotation);
    }
}
