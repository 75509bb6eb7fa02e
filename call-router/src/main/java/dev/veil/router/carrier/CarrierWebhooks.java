package dev.veil.router.carrier;

import dev.veil.platform.logging.LogCorrelation;
import dev.veil.router.call.CallHandler;
import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
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
 * {@link CallHandler} and answers with the carrier's call-control document.
 */
final class CarrierWebhooks {

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

    Mono<ServerResponse> handle(ServerRequest request) {
        long started = System.nanoTime();
        CarrierAdapter adapter = adapters.get(request.pathVariable("carrier"));
        String webhook = request.pathVariable("webhook");
        if (adapter == null || !adapter.webhooks().contains(webhook)) {
            return ServerResponse.notFound().build();
        }
        return request.formData().flatMap(form -> {
            Optional<String> nonce = adapter.authenticNonce(signedUrl(request), form,
                    request.headers().asHttpHeaders());
            if (nonce.isEmpty()) {
                return forbidden(adapter, webhook, "signature", "invalid signature");
            }
            if (!nonces.firstUse(adapter.name() + ':' + nonce.get())) {
                return forbidden(adapter, webhook, "replay", "nonce already used");
            }
            Optional<CallReport> report;
            try {
                report = adapter.read(webhook, withQuery(form, request));
            } catch (MalformedWebhookException e) {
                return ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN).bodyValue(e.getMessage());
            }
            Mono<CallInstruction> instruction = report
                    .map(r -> calls.handle(r).contextWrite(context ->
                            LogCorrelation.with(context, LogCorrelation.CALL_UUID, r.callUuid())))
                    .orElseGet(() -> Mono.just(new CallInstruction.Acknowledge()));
            return instruction.flatMap(i -> ServerResponse.ok().contentType(adapter.documentType())
                    .bodyValue(adapter.render(i)))
                    .doOnSuccess(response -> {
                        if (report.orElse(null) instanceof CallReport.IncomingCall) {
                            answerLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        }
                    });
        });
    }

    private Mono<ServerResponse> forbidden(CarrierAdapter adapter, String webhook, String reason, String message) {
        meters.counter("veil.webhooks.rejected", "carrier", adapter.name(), "webhook", webhook, "reason", reason)
                .increment();
        return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).bodyValue(message);
    }

    /** The form parameters, and the URL's query parameters Veil put in its own callback URLs (never overriding). */
    private static Map<String, List<String>> withQuery(MultiValueMap<String, String> form, ServerRequest request) {
        if (request.queryParams().isEmpty()) {
            return form;
        }
        Map<String, List<String>> all = new LinkedHashMap<>(form);
        request.queryParams().forEach(all::putIfAbsent);
        return all;
    }

    /** The URL the carrier signed: behind the gateway the Host header is not the public one, so it is not used. */
    private String signedUrl(ServerRequest request) {
        String query = request.uri().getRawQuery();
        return webhookBase + request.uri().getRawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
