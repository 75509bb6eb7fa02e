package dev.veil.recording.unreported;

import dev.veil.events.CallEnded;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.recording.RecordingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * The {@code onCallEvents} binding ({@code veil.call.v1}, group {@code recording-service-calls}): each
 * {@code CallEnded} of an answered call of a recording session becomes an expected recording. Every other call
 * event (including {@code CallerBlocked}, which belongs to no session) is skipped. And the job that answers the
 * expectations whose grace period ran out, every {@code veil.recording.unreported.poll-interval}.
 */
@Configuration(proxyBeanMethods = false)
class UnreportedConfiguration {

    /** Consumer name of the idempotency markers in {@code consumed_events}. */
    static final String CONSUMER = "recording-service.calls";

    @Bean
    Consumer<Message<byte[]>> onCallEvents(IdempotentConsumer events, UnreportedRecordings unreported) {
        return message -> events.accept(CONSUMER, message, received -> received.event() instanceof CallEnded,
                received -> unreported.callEnded((CallEnded) received.event()));
    }

    @Bean
    RepeatingTask unreportedRecordingsTask(UnreportedRecordings unreported, RecordingProperties properties) {
        return new RepeatingTask("unreported recordings", unreported::runOnce,
                properties.unreported().pollInterval());
    }
}
