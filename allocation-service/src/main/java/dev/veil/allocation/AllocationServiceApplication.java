package dev.veil.allocation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * allocation-service: owns the virtual number pool of every account, allocates a virtual number to each new
 * session under the reuse rule, and keeps the allocation's lifecycle in step with the session's events
 * (SessionCreated confirms it, SessionExpired releases it). Publishes no events in this version.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AllocationServiceApplication {

    /** Name of this service's configuration file, {@code allocation-service.yml}. */
    public static final String CONFIG_NAME = "allocation-service";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AllocationServiceApplication.class);
        // A default, so a --spring.config.name argument still wins; every service shares one classpath.
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
