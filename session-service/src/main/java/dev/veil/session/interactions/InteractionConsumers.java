package dev.veil.session.interactions;

import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLegChanged;
import dev.veil.events.InteractionStarted;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingDeleted;
import dev.veil.events.RecordingFailed;
import dev.veil.events.RecordingStarted;
import dev.veil.events.SessionCharged;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.session.callbacks.CallbackRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * The Spring Cloud Stream bindings of session-service ({@code onCallEvents} on {@code veil.call.v1},
 * {@code onBillingEvents} on {@code veil.billing.v1}, {@code onRecordingEvents} on {@code veil.recording.v1}, group
 * {@code session-service}), a poll's events at a time. Each event's effects, the customer callbacks it causes
 * included, commit in one transaction with its consumed-event marker (one transaction per batch). Other event types on those topics are skipped.
 */
@Configuration(proxyBeanMethods = false)
class InteractionConsumers {

    @Bean
    InteractionProjector interactionProjector(DatabaseClient db) {
        return new InteractionProjector(db);
    }

    @Bean
    Consumer<Message<List<byte[]>>> onCallEvents(IdempotentConsumer events, InteractionProjector projector,
            CallbackRecorder callbacks) {
        return batch -> events.acceptAll("session-service.calls", batch, received -> switch (received.event()) {
            case InteractionStarted started -> projector.started(started);
            case CallLegChanged leg -> callbacks.legChanged(leg);
            case PinAuthenticated pin -> callbacks.pinAuthenticated(pin);
            case CallEnded ended -> projector.ended(ended)
                    .then(callbacks.partiesHangupWhenComplete(ended.callUuid()));
            default -> Mono.empty();
        });
    }

    @Bean
    Consumer<Message<List<byte[]>>> onBillingEvents(IdempotentConsumer events, InteractionProjector projector,
            CallbackRecorder callbacks) {
        return batch -> events.acceptAll("session-service.billing", batch, received ->
                switch (received.event()) {
                    case CallBilled billed -> projector.billed(billed)
                            .then(callbacks.partiesHangupWhenComplete(billed.callUuid()));
                    case SessionCharged charged -> projector.charged(charged);
                    default -> Mono.empty();
                });
    }

    @Bean
    Consumer<Message<List<byte[]>>> onRecordingEvents(IdempotentConsumer events, InteractionProjector projector,
            CallbackRecorder callbacks) {
        return batch -> events.acceptAll("session-service.recordings", batch, received ->
                switch (received.event()) {
                    case RecordingStarted started -> callbacks.recordingStarted(started);
                    case RecordingCompleted completed -> projector.recordingCompleted(completed)
                            .then(callbacks.recordingCompleted(completed));
                    case RecordingFailed failed -> callbacks.recordingFailed(failed);
                    case RecordingDeleted deleted -> projector.recordingDeleted(deleted);
                    default -> Mono.empty();
                });
    }
}
