package dev.veil.router.carrier;

import dev.veil.platform.logging.LogCorrelation;
import dev.veil.router.call.CallHandler;
import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /carrier/{carrier}/{webhook}}: checks the webhook's signature over the public URL the carrier posted
 * to (the configured base URL + the request's path and query) before anything else, and that its nonce was not
 * used before, so a forged or replayed request gets 403 and changes nothing; then hands the carrier's report to the
 * {@link CallHandler} and answers with the carrier's call-control document. Knows nothing of HTTP transport:
 * {@link CarrierWebhookRoute} reads the request and writes the {@link Reply}.
 */
final class CarrierWebhooks {

    /** What a webhook is answered: an HTTP status, and a body of a content type (none when the body is empty). */
    record Reply(int status, String contentType, String body) {

        static Reply text(int status, String message) {
            return new Reply(status, MediaType.TEXT_PLAIN_VALUE, message);
        }
    }

    private static final Reply NOT_FOUND = new Reply(HttpStatus.NOT_FOUND.value(), "", "");

    private final Map<String, CarrierAdapter> adapters;
    private final CallHandler calls;
    private final String webhookBase;
    private final MeterRegistry meters;
    private final Nonces nonces;
    private final Timer answerLatency;

    CarrierWebhooks(List<CarrierAdapter> adapters, CallHandler calls, String webhookBase, Nonces nonces,
            MeterRegistry meters) {
        this.nonces = nonces;
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(CarrierAdapter::name,
                Function.identity()));
        this.calls = calls;
        this.webhookBase = webhookBase;
        this.meters = meters;
        this.answerLatency = Timer.builder("veil.router.answer.latency")
                .description("Time from an answer webhook's arrival to Veil's instruction")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Answers one webhook.
     *
     * @param pathAndQuery the request's path and query as sent (raw), which with the base URL is what was signed
     * @param form         the form parameters posted
     * @param query        the URL's query parameters (Veil's own, in the callback URLs it gives the carrier)
     */
    Mono<Reply> handle(String carrier, String webhook, String pathAndQuery, Map<String, List<String>> form,
            Map<String, List<String>> query, HttpHeaders headers) {
        long started = System.nanoTime();
        CarrierAdapter adapter = adapters.get(carrier);
        if (adapter == null || !adapter.webhooks().contains(webhook)) {
            return Mono.just(NOT_FOUND);
        }
        Optional<String> nonce = adapter.authenticNonce(webhookBase + pathAndQuery, form, headers);
        if (nonce.isEmpty()) {
            return forbidden(adapter, webhook, "signature", "invalid signature");
        }
        if (!nonces.firstUse(adapter.name() + ':' + nonce.get())) {
            return forbidden(adapter, webhook, "replay", "nonce already used");
        }
        Optional<CallReport> report;
        try {
            report = adapter.read(webhook, withQuery(form, query));
        } catch (MalformedWebhookException e) {
            return Mono.just(Reply.text(HttpStatus.BAD_REQUEST.value(), e.getMessage()));
        }
        Mono<CallInstruction> instruction = report
                .map(r -> calls.handle(r).contextWrite(context ->
                        LogCorrelation.with(context, LogCorrelation.CALL_UUID, r.callUuid())))
                .orElseGet(() -> Mono.just(new CallInstruction.Acknowledge()));
        String documentType = adapter.documentType().toString();
        return instruction.map(i -> new Reply(HttpStatus.OK.value(), documentType, adapter.render(i)))
                .doOnSuccess(reply -> {
                    if (report.orElse(null) instanceof CallReport.IncomingCall) {
                        answerLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    }
                });
    }

    private Mono<Reply> forbidden(CarrierAdapter adapter, String webhook, String reason, String message) {
        meters.counter("veil.webhooks.rejected", "carrier", adapter.name(), "webhook", webhook, "reason", reason)
                .increment();
        return Mono.just(Reply.text(HttpStatus.FORBIDDEN.value(), message));
    }

    /** The form parameters, and the URL's query parameters Veil put in its own callback URLs (never overriding). */
    private static Map<String, List<String>> withQuery(Map<String, List<String>> form,
            Map<String, List<String>> query) {
        if (query.isEmpty()) {
            return form;
        }
        Map<String, List<String>> all = new LinkedHashMap<>(form);
        query.forEach(all::putIfAbsent);
        return all;
    }
}
