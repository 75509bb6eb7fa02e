package dev.veil.recording.capture;

import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.recording.store.MediaStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /carrier/plivo/recording?session_uuid=..&account_id=..}: the Record {@code action} (recording started,
 * durations {@code -1}) and {@code callbackUrl} (finished, media fetchable at {@code RecordUrl}) of Plivo's voice
 * protocol, form-encoded. The {@code X-Plivo-Signature-V3} is checked over the public URL the carrier posted to (the
 * configured base + the request's path and query) with Veil's carrier tokens before anything else: a forged request
 * gets 403 and changes nothing. The report is committed (with its event) before the answer, and the media is copied
 * afterwards by the download job, so the carrier is answered in one transaction's time. Answered with an empty Plivo
 * XML document, as the router answers the carrier's other reports.
 */
final class RecordingCallbacks {

    private static final String ACKNOWLEDGE = "<Response/>";

    private final RecordingCapture capture;
    private final List<String> carrierTokens;
    private final String webhookBase;
    private final Clock clock;
    private final MeterRegistry meters;

    RecordingCallbacks(RecordingCapture capture, List<String> carrierTokens, String webhookBase, Clock clock,
            MeterRegistry meters) {
        this.capture = capture;
        this.carrierTokens = List.copyOf(carrierTokens);
        this.webhookBase = webhookBase;
        this.clock = clock;
        this.meters = meters;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        return request.formData().flatMap(form -> {
            if (!authentic(request, form)) {
                meters.counter("veil.webhooks.rejected", "carrier", "plivo", "webhook", "recording",
                        "reason", "signature").increment();
                return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("invalid signature");
            }
            CarrierRecordingReport report;
            try {
                report = read(form, request.queryParams());
            } catch (IllegalArgumentException e) {
                return ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN).bodyValue(e.getMessage());
            }
            return capture.report(report)
                    .then(ServerResponse.ok().contentType(MediaType.APPLICATION_XML).bodyValue(ACKNOWLEDGE));
        });
    }

    private boolean authentic(ServerRequest request, MultiValueMap<String, String> form) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        String signature = headers.getFirst(PlivoSignatureV3.SIGNATURE_HEADER);
        String nonce = headers.getFirst(PlivoSignatureV3.NONCE_HEADER);
        if (signature == null || nonce == null) {
            return false;
        }
        // Behind the gateway the Host header is not the public one, so the signed URL is rebuilt from the base.
        String query = request.uri().getRawQuery();
        String url = webhookBase + request.uri().getRawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        boolean authentic = false;
        for (String token : carrierTokens) {
            // Every token is tried, so the time taken does not tell which one matched.
            authentic |= PlivoSignatureV3.verify("POST", url, form, nonce, signature, token);
        }
        return authentic;
    }

    private CarrierRecordingReport read(MultiValueMap<String, String> form, MultiValueMap<String, String> query) {
        String sessionUuid = required(query, "session_uuid");
        String accountId = required(query, "account_id");
        String recordingId = required(form, "RecordingID");
        if (!MediaStore.safeName(accountId) || !MediaStore.safeName(recordingId)) {
            throw new IllegalArgumentException("account_id and RecordingID must be letters, digits, - or _");
        }
        String recordUrl = required(form, "RecordUrl");
        URI media;
        try {
            media = URI.create(recordUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RecordUrl is not a URL");
        }
        if (media.getScheme() == null || !media.getScheme().matches("https?") || media.getHost() == null) {
            throw new IllegalArgumentException("RecordUrl must be an http(s) URL");
        }
        long durationMs = durationMs(form);
        Instant now = clock.instant();
        if (durationMs < 0) {
            long startMs = number(form, "RecordingStartMs");
            Instant start = startMs < 0 ? now : Instant.ofEpochMilli(startMs);
            return new CarrierRecordingReport(sessionUuid, accountId, required(form, "CallUUID"), recordingId,
                    recordUrl, format(media), false, 0, start, start);
        }
        long endMs = number(form, "RecordingEndMs");
        Instant end = endMs < 0 ? now : Instant.ofEpochMilli(endMs);
        long startMs = number(form, "RecordingStartMs");
        Instant start = startMs < 0 || startMs > end.toEpochMilli() ? end.minusMillis(durationMs)
                : Instant.ofEpochMilli(startMs);
        return new CarrierRecordingReport(sessionUuid, accountId, required(form, "CallUUID"), recordingId,
                recordUrl, format(media), true, durationMs, start, end);
    }

    /** The media's format from the RecordUrl's extension; Plivo's default, mp3, when it names neither. */
    private static String format(URI media) {
        String path = media.getPath() == null ? "" : media.getPath().toLowerCase(Locale.ROOT);
        return path.endsWith(".wav") ? "wav" : "mp3";
    }

    private static String required(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value.trim();
    }

    /** {@code RecordingDurationMs}, else {@code RecordingDuration} in ms; -1 while the recording runs. */
    private static long durationMs(MultiValueMap<String, String> form) {
        long millis = number(form, "RecordingDurationMs");
        if (millis >= 0) {
            return millis;
        }
        long seconds = number(form, "RecordingDuration");
        return seconds < 0 ? -1 : seconds * 1000;
    }

    /** A whole number; absent means -1 (unknown), as Plivo reports a running recording. */
    private static long number(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            // Plivo's REST API writes these as decimals ("345100.00000"); callbacks as integers.
            return new BigDecimal(value.trim()).longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number");
        }
    }
}
