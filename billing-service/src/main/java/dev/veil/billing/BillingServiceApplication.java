package dev.veil.billing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * billing-service: rates every leg of a finished call once ({@code CallEnded} on {@code veil.call.v1}), keeps the
 * charge rows, and publishes one {@code CallBilled} per call on {@code veil.billing.v1}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BillingServiceApplication {

    /** Name of this service's configuration file, {@code billing-service.yml}. */
    public static final String CONFIG_NAME = "billing-service";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BillingServiceApplication.class);
        // A default, so a --spring.config.name argument still wins; every service shares one classpath.
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
