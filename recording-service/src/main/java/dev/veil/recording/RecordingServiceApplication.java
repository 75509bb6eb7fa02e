package dev.veil.recording;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * recording-service: owns call recordings (metadata in its {@code recordings} table, media in its store: a local
 * directory or an S3-compatible object store). Takes the carrier's recording callbacks, serves the Recording API,
 * enforces retention and erasure, and publishes {@code RecordingStarted}, {@code RecordingCompleted},
 * {@code RecordingFailed} and {@code RecordingDeleted}; consumes session events (record flag, erasure) and
 * {@code CallEnded} (recorded calls the carrier never reports).
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
