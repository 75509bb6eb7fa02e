package dev.veil.platform.boot;

import dev.veil.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates Veil's topics when they are missing, before any binding starts, so the session topic is compacted
 * rather than auto-created with default settings by whichever client touches it first.
 */
public final class VeilTopics {

    /** Partitions of each topic; a session's events stay on one of them (key = session uuid). */
    public static final int PARTITIONS = 3;

    public VeilTopics(String bootstrapServers) {
        List<NewTopic> topics = List.of(
                new NewTopic(Topics.SESSION, PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(Topics.CALL, PARTITIONS, (short) 1),
                new NewTopic(Topics.BILLING, PARTITIONS, (short) 1),
                new NewTopic(Topics.RECORDING, PARTITIONS, (short) 1),
                new NewTopic(Topics.ALLOCATION, PARTITIONS, (short) 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s at " + bootstrapServers, e);
        }
    }
}
