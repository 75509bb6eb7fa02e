package dev.veil.router;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * call-router: serves the carrier webhooks of masked calls. It routes each call to a virtual number from an
 * in-memory index built from {@code veil.session.v2} (bridge, PIN check, announcement or refusal), answers the
 * carrier with call-control XML, places request-a-call calls through the carrier's API, and publishes
 * {@code InteractionStarted}, {@code CallLegChanged}, {@code PinAuthenticated} and {@code CallEnded} (with every
 * leg). Its durable state is the idempotency log of the carrier's webhooks, each session's live call and the last
 * caller of single-party sessions.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CallRouterApplication {

    /** Name of this service's configuration file, {@code call-router.yml}. */
    public static final String CONFIG_NAME = "call-router";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CallRouterApplication.class);
        // A default, so a --spring.config.name argument still wins; every service shares one classpath.
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
