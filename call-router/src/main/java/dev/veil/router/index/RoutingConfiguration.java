package dev.veil.router.index;

import dev.veil.platform.boot.VeilTopics;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.router.RouterProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;

/** Wires the routing index, the reader that feeds it from Kafka and the session-service fallback. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RoutingIndex routingIndex(Clock clock, PrivacyKeys keys, MeterRegistry meters) {
        RoutingIndex index = new RoutingIndex(clock, keys);
        Gauge.builder("veil.router.index.routes", index, RoutingIndex::routeCount)
                .description("Routes (virtual number + caller) held in the routing index").register(meters);
        return index;
    }

    /** Depends on {@link VeilTopics} so the compacted session topic exists before it is read. */
    @Bean
    SessionTopicReader sessionTopicReader(@Value("${veil.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${spring.application.name}") String service, RoutingIndex index, EventCodec codec,
            VeilTopics topics) {
        return new SessionTopicReader(bootstrapServers, service + "-routing-index", index, codec);
    }

    @Bean
    Routes routes(RoutingIndex index, RouterProperties properties, MeterRegistry meters, Clock clock) {
        WebClient client = WebClient.builder().baseUrl(properties.sessionServiceUrl().toString()).build();
        return new Routes(index, new SessionServiceRoutes(client, properties.routeLookupTimeout(), meters), clock);
    }

    @Bean
    RoutingIndexHealthIndicator routingIndexHealthIndicator(SessionTopicReader reader, RoutingIndex index) {
        return new RoutingIndexHealthIndicator(reader, index);
    }
}
