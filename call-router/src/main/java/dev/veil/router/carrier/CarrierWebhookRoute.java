package dev.veil.router.carrier;

import dev.veil.platform.logging.CorrelationWebFilter;
import dev.veil.platform.logging.LogCorrelation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves the carrier webhooks ({@value #PATH}) straight on the web server's Reactor Netty routes, ahead of Spring
 * WebFlux, which serves every other path. The answer webhook is the platform's hottest request, and WebFlux's
 * per-request machinery (exchange, handler mapping, codec look-ups, filters, observation) cost about as much CPU as
 * answering the call itself. What that machinery gave these requests is kept here:
 * <ul>
 * <li>the form is read as WebFlux reads it (URL-decoded in the charset of the request's content type, UTF-8 by
 * default; no form unless the content type is {@code application/x-www-form-urlencoded}), at most
 * {@value #MAX_BODY_BYTES} bytes (WebFlux's in-memory limit): a larger body gets 413, an undecodable one 400;</li>
 * <li>the request's correlation id ({@link CorrelationWebFilter}): the caller's {@code X-Request-Id}, else a new
 * one, returned in the response and carried in the log lines;</li>
 * <li>the {@code http.server.requests} timer, with WebFlux's tags, so dashboards see these requests as before;</li>
 * <li>an error nobody handled is logged and answered 500, so the carrier retries.</li>
 * </ul>
 */
final class CarrierWebhookRoute implements NettyRouteProvider {

    static final String PATH = "/carrier/{carrier}/{webhook}";
    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(CarrierWebhookRoute.class);
    private static final String FORM = HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString();
    private static final MultiValueMap<String, String> NONE =
            CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>(0));
    private static final String NO_EXCEPTION = "none";

    /** Answers a webhook from what was read off the request: {@link CarrierWebhooks#handle}. */
    @FunctionalInterface
    interface Webhooks {

        Mono<CarrierWebhooks.Reply> handle(String carrier, String webhook, String pathAndQuery,
                Map<String, List<String>> form, Map<String, List<String>> query, HttpHeaders headers);
    }

    private final Webhooks webhooks;
    private final MeterRegistry meters;
    /** The timers of requests answered without an exception, by status. */
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

    CarrierWebhookRoute(Webhooks webhooks, MeterRegistry meters) {
        this.webhooks = webhooks;
        this.meters = meters;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.post(PATH, this::serve);
    }

    private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        long started = System.nanoTime();
        String correlationId = CorrelationWebFilter.correlationId(
                request.requestHeaders().get(CorrelationWebFilter.HEADER));
        response.header(CorrelationWebFilter.HEADER, correlationId);
        String pathAndQuery = pathAndQuery(request.uri());
        int question = pathAndQuery.indexOf('?');
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        Charset charset = HttpUtil.getCharset(contentType, StandardCharsets.UTF_8);
        boolean form = contentType != null && contentType.regionMatches(true, 0, FORM, 0, FORM.length());
        return body(request)
                .flatMap(body -> webhooks.handle(request.param("carrier"), request.param("webhook"), pathAndQuery,
                        form ? parse(new String(body, charset), charset) : NONE,
                        question < 0 ? NONE : parse(pathAndQuery.substring(question + 1), StandardCharsets.UTF_8),
                        new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders()))))
                .map(reply -> new Answered(reply, NO_EXCEPTION))
                .onErrorResume(BodyTooLarge.class, e -> Mono.just(new Answered(CarrierWebhooks.Reply.text(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code(),
                        "form larger than " + MAX_BODY_BYTES + " bytes"), NO_EXCEPTION)))
                .onErrorResume(MalformedParameters.class, e -> Mono.just(new Answered(CarrierWebhooks.Reply.text(
                        HttpResponseStatus.BAD_REQUEST.code(), "malformed form or query: " + e.getMessage()),
                        NO_EXCEPTION)))
                .onErrorResume(e -> {
                    log.error("carrier webhook {} failed", request.param("webhook"), e);
                    return Mono.just(new Answered(CarrierWebhooks.Reply.text(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR.code(), "internal error"),
                            e.getClass().getSimpleName()));
                })
                .flatMap(answered -> send(response, answered.reply()).doOnSuccess(sent ->
                        timer(answered).record(System.nanoTime() - started, TimeUnit.NANOSECONDS)))
                .contextWrite(context -> LogCorrelation.with(context, LogCorrelation.CORRELATION_ID, correlationId));
    }

    /** A webhook's reply, and the simple name of the exception that made it, else {@value #NO_EXCEPTION}. */
    private record Answered(CarrierWebhooks.Reply reply, String exception) {
    }

    private static Mono<Void> send(HttpServerResponse response, CarrierWebhooks.Reply reply) {
        response.status(reply.status());
        if (reply.body().isEmpty()) {
            return response.send().then();
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        return response.header(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body)).then();
    }

    /** The request body, failing with {@link BodyTooLarge} past {@value #MAX_BODY_BYTES} bytes. */
    private static Mono<byte[]> body(HttpServerRequest request) {
        return request.receive().asByteArray()
                .collect(ByteArrayOutputStream::new, (out, chunk) -> {
                    if (out.size() + chunk.length > MAX_BODY_BYTES) {
                        throw new BodyTooLarge();
                    }
                    out.writeBytes(chunk);
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    /**
     * Form or query parameters as WebFlux parses them: pairs split on {@code &}, name and value URL-decoded, a name
     * without {@code =} given a null value.
     *
     * @throws MalformedParameters when an escape is malformed
     */
    private static MultiValueMap<String, String> parse(String text, Charset charset) {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        try {
            for (String pair : StringUtils.tokenizeToStringArray(text, "&")) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    parameters.add(URLDecoder.decode(pair, charset), null);
                } else {
                    parameters.add(URLDecoder.decode(pair.substring(0, equals), charset),
                            URLDecoder.decode(pair.substring(equals + 1), charset));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedParameters(e);
        }
        return parameters;
    }

    /** The path and query of the request line's target, raw; an absolute target loses its scheme and host. */
    private static String pathAndQuery(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        URI uri = URI.create(target);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + '?' + uri.getRawQuery();
    }

    private Timer timer(Answered answered) {
        int status = answered.reply().status();
        return answered.exception().equals(NO_EXCEPTION)
                ? timers.computeIfAbsent(status, s -> timer(s, NO_EXCEPTION))
                : timer(status, answered.exception());
    }

    /** The timer WebFlux's server observation records to, with its tags. */
    private Timer timer(int status, String exception) {
        return Timer.builder("http.server.requests")
                .tag("method", "POST").tag("uri", PATH).tag("status", Integer.toString(status))
                .tag("outcome", Outcome.forStatus(status).name()).tag("exception", exception).tag("error", exception)
                .register(meters);
    }

    /** A form or query whose escapes cannot be decoded. */
    private static final class MalformedParameters extends RuntimeException {

        MalformedParameters(IllegalArgumentException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** A request body past the limit. */
    private static final class BodyTooLarge extends RuntimeException {

        BodyTooLarge() {
            super(null, null, false, false);
        }
    }
}
