package dev.veil.platform.boot;

import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.outbox.OutboxBacklog;
import dev.veil.platform.outbox.OutboxProperties;
import dev.veil.platform.outbox.OutboxRelay;
import dev.veil.platform.schedule.RepeatingTask;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;
import java.util.Map;

/**
 * Wires the outbox, its relay and the idempotent consumer into every service that has a database. The relay's
 * Kafka producer is idempotent with {@code acks=all}, so a retried send never duplicates or reorders a record.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration"})
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
        return TransactionalOperator.create(transactions);
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    Outbox outbox(DatabaseClient db, EventCodec codec, Clock clock) {
        return new Outbox(db, codec, clock);
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    IdempotentConsumer idempotentConsumer(DatabaseClient db, TransactionalOperator tx, EventCodec codec,
            MeterRegistry meters) {
        return new IdempotentConsumer(db, tx, codec, meters);
    }

    @Bean
    @ConditionalOnProperty("veil.kafka.bootstrap-servers")
    VeilTopics veilTopics(@Value("${veil.kafka.bootstrap-servers}") String bootstrapServers) {
        return new VeilTopics(bootstrapServers);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("veil.kafka.bootstrap-servers")
    Producer<String, byte[]> outboxProducer(@Value("${veil.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${spring.application.name}") String source, VeilTopics topics) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, source + "-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Bean
    @ConditionalOnBean({DatabaseClient.class, Producer.class})
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator tx, Producer<String, byte[]> producer,
            @Value("${spring.application.name}") String source, OutboxProperties properties, MeterRegistry meters) {
        return new OutboxRelay(db, tx, producer, source, properties, meters);
    }

    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    RepeatingTask outboxRelayTask(OutboxRelay relay, OutboxProperties properties) {
        return new RepeatingTask("outbox relay", () -> relay.publishBatch().map(n -> n >= properties.batchSize()),
                properties.pollInterval());
    }

    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    OutboxBacklog outboxBacklog(DatabaseClient db, Clock clock, MeterRegistry meters) {
        return new OutboxBacklog(db, clock, meters);
    }

    @Bean
    @ConditionalOnBean(OutboxBacklog.class)
    RepeatingTask outboxBacklogTask(OutboxBacklog backlog, OutboxProperties properties) {
        return new RepeatingTask("outbox backlog gauges", backlog::refresh, properties.gaugeInterval());
    }
}
