package dev.veil.carrier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Map;

/**
 * carrier-simulator: a Plivo-like voice carrier for tests, demos and load. {@code POST /sim/v1/calls} places an
 * inbound call to a virtual number, Plivo's Call API ({@code POST /v1/Account/{auth_id}/Call/}) an outbound one;
 * the simulator then drives the application (Veil's gateway by default) through Plivo's signed voice webhooks
 * (answer, GetDigits and Record actions, Dial events, Dial action, hangup, Record callbacks) on a simulated clock,
 * with phones scripted through {@code PUT /sim/v1/phones/{number}}, serves the recordings' media, and remembers
 * what every simulated phone saw and heard. It has no database and publishes no events.
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
