package dev.veil.recording.capture;

import dev.veil.recording.RecordingProperties;
import dev.veil.recording.metadata.Recording;
import dev.veil.recording.metadata.Recordings;
import dev.veil.recording.metadata.Recordings.DueDownload;
import dev.veil.recording.store.MediaStore;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The download job's runs: takes the due rows of {@code recording_downloads} (their state is in Postgres, so a
 * restart resumes them), copies each recording's media from the carrier's {@code RecordUrl} into the
 * {@link MediaStore}, checking the bytes received against the response's {@code Content-Length} and the stored file
 * against the SHA-256 of what was received, then completes the recording ({@code RecordingCompleted}). A failed try
 * is retried after an exponential backoff ({@code veil.recording.download.*}); after the last one the recording is
 * failed ({@code RecordingFailed}, reason {@code media-unavailable} when the carrier did not serve the media,
 * {@code media-incomplete} when fewer or more bytes came than announced, {@code store-unavailable} when the store
 * could not keep them).
 */
final class MediaDownloads {

    private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);
    static final String MEDIA_UNAVAILABLE = "media-unavailable";
    static final String MEDIA_INCOMPLETE = "media-incomplete";
    static final String STORE_UNAVAILABLE = "store-unavailable";

    private final Recordings recordings;
    private final RecordingCapture capture;
    private final MediaStore store;
    private final RecordingProperties.Download settings;
    private final Clock clock;
    private final WebClient web;

    MediaDownloads(Recordings recordings, RecordingCapture capture, MediaStore store,
            RecordingProperties.Download settings, Clock clock) {
        this.recordings = recordings;
        this.capture = capture;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(settings.timeout().toMillis(), 30_000))
                .responseTimeout(settings.timeout())
                // Object stores commonly answer a media URL with a redirect to a signed location.
                .followRedirect(true);
        this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** One run: tries every due download (a few at once); emits true when more may be due right away. */
    Mono<Boolean> runOnce() {
        int batch = settings.concurrency();
        // Leased for longer than a try can take, so no other replica takes a download still running here.
        Duration lease = settings.timeout().multipliedBy(2);
        return recordings.claimDueDownloads(clock.instant(), lease, batch)
                .flatMap(this::attempt, batch)
                .count()
                .map(tried -> tried >= batch);
    }

    private Mono<Void> attempt(DueDownload due) {
        Recording recording = due.recording();
        return Mono.fromCallable(store::newIncomingFile)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> new DownloadFailure(STORE_UNAVAILABLE, e.toString()))
                .flatMap(file -> download(Objects.requireNonNull(recording.recordUrl()), file)
                        .flatMap(received -> Mono.fromCallable(() -> store.store(file, recording.accountId(),
                                        recording.recordingId(), recording.format(), received.sizeBytes(),
                                        received.sha256()))
                                .subscribeOn(Schedulers.boundedElastic())
                                .onErrorMap(IOException.class,
                                        e -> new DownloadFailure(STORE_UNAVAILABLE, e.toString()))
                                .flatMap(path -> capture.stored(recording, path, received.sizeBytes(),
                                                received.sha256())
                                        .flatMap(completed -> completed ? Mono.empty() : removeStored(path))))
                        .doFinally(signal -> store.discard(file)))
                .then()
                .onErrorResume(DownloadFailure.class, failure -> failedTry(due, failure));
    }

    /**
     * Removes media stored for a recording that stopped being in progress meanwhile (deleted by an erasure while
     * its copy ran), so nothing outlives its row.
     */
    private Mono<Void> removeStored(String path) {
        return Mono.<Void>fromRunnable(() -> {
                    try {
                        store.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("could not remove media {} of a recording no longer in progress: {}", path,
                            e.toString());
                    return Mono.empty();
                });
    }

    /** Streams the media into {@code file}, digesting it on the way; fails with a {@link DownloadFailure}. */
    private Mono<Received> download(String recordUrl, Path file) {
        MessageDigest digest = MediaStore.sha256();
        AtomicLong size = new AtomicLong();
        return web.get().uri(URI.create(recordUrl))
                .exchangeToMono(response -> {
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new DownloadFailure(MEDIA_UNAVAILABLE,
                                "the carrier answered " + response.statusCode().value())));
                    }
                    long announced = response.headers().contentLength().orElse(-1);
                    return DataBufferUtils.write(response.bodyToFlux(DataBuffer.class)
                                    .doOnNext(buffer -> digest(buffer, digest, size)), file)
                            .then(Mono.defer(() -> {
                                if (announced >= 0 && size.get() != announced) {
                                    return Mono.error(new DownloadFailure(MEDIA_INCOMPLETE, "received "
                                            + size.get() + " of " + announced + " bytes"));
                                }
                                if (size.get() == 0) {
                                    return Mono.error(new DownloadFailure(MEDIA_UNAVAILABLE,
                                            "the carrier served no bytes"));
                                }
                                return Mono.just(new Received(size.get(),
                                        HexFormat.of().formatHex(digest.digest())));
                            }));
                })
                .timeout(settings.timeout())
                .onErrorMap(e -> !(e instanceof DownloadFailure),
                        e -> new DownloadFailure(MEDIA_UNAVAILABLE, e.toString()));
    }

    private static void digest(DataBuffer buffer, MessageDigest digest, AtomicLong size) {
        // The iterated ByteBuffers are views: reading them leaves the buffer's content for the file write.
        try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
            while (views.hasNext()) {
                ByteBuffer view = views.next();
                size.addAndGet(view.remaining());
                digest.update(view);
            }
        }
    }

    private Mono<Void> failedTry(DueDownload due, DownloadFailure failure) {
        Recording recording = due.recording();
        int attempts = due.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            log.warn("recording {}: copy {} of {} failed ({}), giving up", recording.recordingId(), attempts,
                    settings.maxAttempts(), failure.getMessage());
            return capture.failed(recording, failure.reason);
        }
        Duration backoff = settings.backoffAfter(attempts);
        log.info("recording {}: copy {} of {} failed ({}), next try in {}", recording.recordingId(), attempts,
                settings.maxAttempts(), failure.getMessage(), backoff);
        return recordings.retryLater(recording.recordingId(), attempts, clock.instant().plus(backoff),
                failure.getMessage());
    }

    private record Received(long sizeBytes, String sha256) {
    }

    /** A try that failed, with the bounded reason a final failure is published with. */
    private static final class DownloadFailure extends RuntimeException {

        private final String reason;

        DownloadFailure(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
