package dev.veil.recording.sessions;

import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionUpdated;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.recording.retention.RecordingDeletion;
import dev.veil.recording.unreported.RecordedCalls;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code onSessionEvents} binding ({@code veil.session.v2}, group {@code recording-service-sessions}), each
 * event applied once (in the transaction that marks it consumed):
 * <ul>
 *   <li>{@code SessionCreated}, {@code SessionUpdated}: whether the session records, so its answered calls are
 *       expected to have recordings ({@link RecordedCalls});</li>
 *   <li>{@code SessionExpired} with reason {@code erased}: the session's recordings and their media are deleted
 *       ({@code RecordingDeleted}, reason {@code erasure}) and nothing more is expected of it;</li>
 *   <li>any other {@code SessionExpired}: noted, so the session is forgotten a day later.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SessionEventsBinding {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "recording-service.sessions";
    /** {@code SessionExpired.reason} of a data-erasure request. */
    static final String ERASED = "erased";

    @Bean
    Consumer<Message<List<byte[]>>> onSessionEvents(IdempotentConsumer events, RecordingDeletion deletion,
            RecordedCalls recordedCalls) {
        return batch -> events.acceptAll(CONSUMER, batch, received -> switch (received.event()) {
            case SessionCreated created -> recordedCalls.sessionChanged(created.sessionUuid(), created.session());
            case SessionUpdated updated -> recordedCalls.sessionChanged(updated.sessionUuid(), updated.session());
            case SessionExpired expired when ERASED.equals(expired.reason()) ->
                    recordedCalls.sessionErased(expired.sessionUuid())
                            .then(deletion.eraseSession(expired.sessionUuid()));
            case SessionExpired expired -> recordedCalls.sessionExpired(expired.sessionUuid(), expired.occurredAt());
            default -> Mono.empty();
        });
    }
}
