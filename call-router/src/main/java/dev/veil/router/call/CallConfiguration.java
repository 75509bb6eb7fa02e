package dev.veil.router.call;

import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.router.RouterProperties;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Wires call handling to the routes, the in-memory live calls, the write-behind journal and the outbox. */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean
    WebhookLog webhookLog(DatabaseClient db) {
        return new WebhookLog(db);
    }

    @Bean
    LiveCalls liveCalls() {
        return new LiveCalls();
    }

    @Bean
    AnswerJournal answerJournal(WebhookLog webhookLog, Outbox outbox, TransactionalOperator tx,
            RouterProperties properties, MeterRegistry meters) {
        return new AnswerJournal(webhookLog, outbox, tx, properties.answerQueueCapacity(),
                properties.answerBatchSize(), meters);
    }

    /**
     * Reads the live calls written before (a restarted router) back into memory once, then every 30 s forgets the
     * calls whose hangup never came.
     */
    @Bean
    RepeatingTask liveCallsUpkeep(LiveCalls liveCalls, WebhookLog webhookLog, Clock clock) {
        AtomicBoolean restored = new AtomicBoolean();
        return new RepeatingTask("live calls upkeep", () -> restored.get()
                ? Mono.fromRunnable(() -> liveCalls.sweep(clock.instant())).thenReturn(false)
                : webhookLog.liveCalls()
                        .doOnNext(row -> liveCalls.restore(row.sessionUuid(), row.callUuid(), row.staleAt()))
                        .then(Mono.fromSupplier(() -> {
                            restored.set(true);
                            return false;
                        })),
                Duration.ofSeconds(30));
    }

    @Bean
    CallHandler callHandler(Routes routes, RoutingIndex index, WebhookLog webhookLog, LiveCalls liveCalls,
            AnswerJournal journal, Outbox outbox, TransactionalOperator tx, Clock clock, RouterProperties properties,
            MeterRegistry meters) {
        return new CallHandler(routes, index, webhookLog, liveCalls, journal, outbox, tx, clock,
                properties.dbTimeout(), meters);
    }
}
