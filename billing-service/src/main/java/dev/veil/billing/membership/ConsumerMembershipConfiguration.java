package dev.veil.billing.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link ConsumerMembership} to the Kafka consumer of every billing binding, through the Kafka binder's
 * {@link ConsumerConfigCustomizer} (called with the binding's name for each consumer the binder creates).
 */
@Configuration(proxyBeanMethods = false)
class ConsumerMembershipConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsumerMembershipConfiguration.class);

    @Bean
    ConsumerConfigCustomizer billingConsumerMembership(ConsumerMembership membership) {
        log.info("Kafka consumers join {} (session timeout {}, heartbeat {})",
                membership.isStatic() ? "as static members of instance " + membership.instanceId()
                        : "as dynamic members", membership.sessionTimeout(), membership.heartbeatInterval());
        return (configuration, bindingName, destination) -> membership.applyTo(configuration, bindingName);
    }
}
