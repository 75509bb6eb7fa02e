package dev.veil.session.allocation;

import dev.veil.session.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class AllocationConfiguration {

    @Bean
    AllocationClient allocationClient(SessionProperties properties, JsonMapper json) {
        return new AllocationClient(properties.allocationServiceUrl(), properties.allocationTimeout(), json);
    }
}
