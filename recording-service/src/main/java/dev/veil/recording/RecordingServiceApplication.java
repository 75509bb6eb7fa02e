package dev.veil.recording;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * recording-service: owns call recordings (metadata in its {@code recordings} table, media in its store). This
 * version keeps the schema, health and metrics only; it consumes and publishes no events yet.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecordingServiceApplication {

    /** Name of this service's configuration file, {@code recording-service.yml}. */
    public static final String CONFIG_NAME = "recording-service";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RecordingServiceApplication.class);
        // A default, so a --spring.config.name argument still wins; every service shares one classpath.
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
