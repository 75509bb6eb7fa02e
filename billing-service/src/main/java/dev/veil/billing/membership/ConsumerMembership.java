package dev.veil.billing.membership;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Group membership of billing's consumer bindings ({@code veil.billing.consumers.*}), applied to every binding's
 * Kafka consumer by {@link ConsumerMembershipConfiguration}.
 *
 * <p>Why: with the classic group protocol a consumer killed without leaving its group (SIGKILL, OOM kill, a lost
 * node) keeps its partitions until its session times out, 45 s by default, and a restarted instance joining
 * meanwhile waits for that. Two settings remove the wait:
 * <ul>
 *   <li>{@code instance-id} (static membership, {@code group.instance.id}): a restarted instance that comes back
 *   under the same id — a container restarted in its pod or by Docker's restart policy keeps its
 *   {@code HOSTNAME} — takes over its predecessor's membership and partitions as soon as it joins, without a
 *   rebalance and without waiting for the old session to expire;</li>
 *   <li>{@code session-timeout}: bounds how long a vanished instance that does not come back under the same id
 *   (rescheduled elsewhere, scaled down) holds its partitions. Static members do not leave the group on a graceful
 *   shutdown either, so this is also the pause a rolling replacement under a new id causes.</li>
 * </ul>
 *
 * @param instanceId        stable identity of this billing instance, unique among the running ones (two live
 *                          instances with one id fence each other); blank = dynamic membership. Each binding joins
 *                          as {@code <instance-id>-<binding name>-<n>} (spring-kafka appends the index of the
 *                          listener container, {@code -0} with one consumer per binding). Default from
 *                          {@code VEIL_BILLING_INSTANCE_ID}, else {@code HOSTNAME}
 * @param sessionTimeout    {@code session.timeout.ms}: how long the group waits for a silent member; default 10 s
 *                          (the broker accepts 6 s to 30 min by default)
 * @param heartbeatInterval {@code heartbeat.interval.ms}: must be shorter than the session timeout (a third of it
 *                          or less, as Kafka advises); default 3 s
 */
@ConfigurationProperties("veil.billing.consumers")
public record ConsumerMembership(
        @DefaultValue("") String instanceId,
        @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("3s") Duration heartbeatInterval) {

    public ConsumerMembership {
        instanceId = instanceId.strip();
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatInterval.compareTo(sessionTimeout) >= 0) {
            throw new IllegalArgumentException("veil.billing.consumers: heartbeat-interval (" + heartbeatInterval
                    + ") must be positive and shorter than session-timeout (" + sessionTimeout + ")");
        }
    }

    /** True when the consumers join as static members. */
    public boolean isStatic() {
        return !instanceId.isEmpty();
    }

    /** Sets the membership entries in the consumer configuration of the binding named {@code bindingName}. */
    void applyTo(Map<String, Object> consumerConfiguration, String bindingName) {
        consumerConfiguration.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        consumerConfiguration.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeatInterval.toMillis());
        if (isStatic()) {
            consumerConfiguration.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + bindingName);
        }
    }
}
