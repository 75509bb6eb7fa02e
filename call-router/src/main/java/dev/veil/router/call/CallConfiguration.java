package dev.veil.router.call;

import dev.veil.events.SessionExpired;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.router.RouterProperties;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
import dev.veil.router.limits.AccountCallLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Wires call handling to the routes, the in-memory live calls, the write-behind journal and the outbox, and the
 * erasure of what the webhook log holds of an erased session's calls.
 */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CallConfiguration.class);
    private static final String ERASURE_CONSUMER = "call-router.erasure";
    /** The {@code SessionExpired} reason of a data-erasure request. */
    private static final String ERASED = "erased";

    @Bean
    WebhookLog webhookLog(DatabaseClient db, PrivacyKeys keys) {
        return new WebhookLog(db, keys.data());
    }

    /** What Veil read from a webhook and answered (it holds the number dialled), sealed. */
    @Bean
    EncryptedColumn webhookLogDetail() {
        return WebhookLog.DETAIL;
    }

    /** A single-party session's last caller, sealed. */
    @Bean
    EncryptedColumn lastCallerCaller() {
        return WebhookLog.LAST_CALLER;
    }

    /**
     * Consumes {@code veil.session.v2} in the group {@code call-router-erasure}, once per event across replicas:
     * a {@code SessionExpired} with reason {@code erased} empties the webhook log rows of the session's calls and
     * deletes its last caller (the routing index drops the session on its own, from the same event).
     */
    @Bean
    Consumer<Message<byte[]>> onSessionErasure(IdempotentConsumer events, WebhookLog webhookLog) {
        return message -> events.accept(ERASURE_CONSUMER, message,
                received -> received.event() instanceof SessionExpired expired && ERASED.equals(expired.reason()),
                received -> {
                    String session = received.event().sessionUuid();
                    return webhookLog.erase(session)
                            .doOnNext(emptied -> log.info("session {} erased: {} webhook log rows emptied, last"
                                    + " caller deleted", session, emptied))
                            .then();
                });
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
    PinGuessing pinGuessing(DatabaseClient db, PrivacyKeys keys, RouterProperties properties) {
        RouterProperties.PinGuessing limits = properties.pinGuessing();
        return new PinGuessing(db, keys.blindIndex(), limits.maxFailures(), limits.window(), limits.block());
    }

    /** Every 5 minutes, forgets the PIN guessing counts whose window and block are over. */
    @Bean
    RepeatingTask pinGuessingUpkeep(PinGuessing pinGuessing, Clock clock) {
        return new RepeatingTask("PIN guessing upkeep",
                () -> pinGuessing.forgetOld(clock.instant()).thenReturn(false), Duration.ofMinutes(5));
    }

    @Bean
    CallHandler callHandler(Routes routes, RoutingIndex index, WebhookLog webhookLog, LiveCalls liveCalls,
            AnswerJournal journal, PinGuessing pinGuessing, AccountCallLimits callLimits, Outbox outbox,
            TransactionalOperator tx, Clock clock, RouterProperties properties, MeterRegistry meters) {
        return new CallHandler(routes, index, webhookLog, liveCalls, journal, pinGuessing, callLimits, outbox, tx,
                clock, properties.dbTimeout(), meters);
    }
}
