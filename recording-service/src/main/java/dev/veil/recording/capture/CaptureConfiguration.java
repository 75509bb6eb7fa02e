package dev.veil.recording.capture;

import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.recording.RecordingProperties;
import dev.veil.recording.metadata.Recordings;
import dev.veil.recording.store.MediaStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** Serves the carrier's recording callbacks and runs the media download job. */
@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

    @Bean
    RouterFunction<ServerResponse> recordingCallbackRoute(RecordingCapture capture, RecordingProperties properties,
            Clock clock, MeterRegistry meters) {
        RecordingCallbacks callbacks = new RecordingCallbacks(capture, properties.carrierAuthTokens(),
                properties.webhookBase(), clock, meters);
        return route(POST("/carrier/plivo/recording"), callbacks::handle);
    }

    @Bean
    RepeatingTask mediaDownloadTask(Recordings recordings, RecordingCapture capture, MediaStore store,
            RecordingProperties properties, Clock clock) {
        MediaDownloads downloads = new MediaDownloads(recordings, capture, store, properties.download(), clock);
        return new RepeatingTask("recording media downloads", downloads::runOnce,
                properties.download().pollInterval());
    }
}
