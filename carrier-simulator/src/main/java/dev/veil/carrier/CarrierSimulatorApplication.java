package dev.veil.carrier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * carrier-simulator: a Plivo-like voice carrier for tests, demos and load. {@code POST /sim/v1/calls} places an
 * inbound call to a virtual number; the simulator then drives the application (Veil's gateway by default) through
 * Plivo's signed voice webhooks (answer, Dial events, Dial action, hangup) on a simulated clock, and remembers
 * what every simulated phone saw. It has no database and publishes no events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CarrierSimulatorApplication {

    /** Name of this service's configuration file, {@code carrier-simulator.yml}. */
    public static final String CONFIG_NAME = "carrier-simulator";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CarrierSimulatorApplication.class);
        // A default, so a --spring.config.name argument still wins; every service shares one classpath.
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
