package dev.veil.session;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * session-service: accounts and their API credentials, masked sessions, their interactions and totals, and the
 * Plivo-compatible session API. Publishes {@code SessionCreated}, {@code SessionUpdated} and {@code SessionExpired}
 * on {@code veil.session.v2}; consumes {@code veil.call.v1}, {@code veil.billing.v1} and {@code veil.recording.v1};
 * delivers the customers' session and recording callbacks.
 */
@SpringBootApplication
@EnableConfigurationProperties(SessionProperties.class)
public class SessionServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SessionServiceApplication.class)
                .properties("spring.config.name=session-service")
                .run(args);
    }
}
