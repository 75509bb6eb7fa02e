package dev.veil.platform;

import dev.veil.events.InteractionStarted;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.privacy.EncryptedColumn;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * A minimal service for the platform's integration tests: it records an effect row per consumed call event, one
 * event at a time and (another group) in batches, and has one encrypted column.
 */
@SpringBootApplication
class PlatformTestApplication {

    @Bean
    EncryptedColumn sealedValues() {
        return new EncryptedColumn("sealed_values", "value");
    }

    @Bean
    Consumer<Message<byte[]>> recordEffects(IdempotentConsumer events, DatabaseClient db) {
        return message -> events.accept("platform-test.effects", message, received ->
                received.event() instanceof InteractionStarted started
                        ? db.sql("INSERT INTO effects (call_uuid) VALUES (:call)")
                                .bind("call", started.callUuid()).then()
                        : Mono.empty());
    }

    @Bean
    Consumer<Message<List<byte[]>>> recordEffectsInBatches(IdempotentConsumer events, DatabaseClient db) {
        return batch -> events.acceptAll("platform-test.batch-effects", batch, received ->
                received.event() instanceof InteractionStarted started
                        ? db.sql("INSERT INTO batch_effects (call_uuid) VALUES (:call)")
                                .bind("call", started.callUuid()).then()
                        : Mono.empty());
    }
}
