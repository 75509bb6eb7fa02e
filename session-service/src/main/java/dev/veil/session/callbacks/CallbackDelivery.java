package dev.veil.session.callbacks;

import dev.veil.platform.privacy.FieldCipher;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.session.SessionProperties.Callbacks;
import dev.veil.session.account.AccountTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The delivery loop's round: claims due callbacks, sends them signed, and records each attempt.
 *
 * <p>Claiming is one statement: due {@code pending} callbacks that are the earliest pending one of their session
 * (so a session's callbacks go strictly in sequence), locked with {@code FOR UPDATE SKIP LOCKED} (so replicas
 * claim different rows) and leased: their {@code next_attempt_at} moves to the end of the lease and the attempt
 * is counted before anything is sent. The result of the attempt is written in its own transaction. A process that
 * dies mid-attempt leaves the row pending; when the lease runs out it is sent again — delivery is at least once,
 * and the customer tells a repeat by {@code SessionUUID} + {@code SequenceNumber}.
 *
 * <p>A 2xx answer delivers; a 4xx other than 429 is final (dead); a timeout, a connection error, 429, 5xx and any
 * other answer are retried by the {@link RetryPolicy} until it gives up (dead). Counts
 * {@code veil.callbacks.delivered} (tag {@code kind}), {@code veil.callbacks.retried},
 * {@code veil.callbacks.dead_lettered} and times {@code veil.callbacks.delivery.latency} (event to 2xx).
 */
final class CallbackDelivery {

    private static final Logger log = LoggerFactory.getLogger(CallbackDelivery.class);
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{6,}");
    private static final TypeReference<LinkedHashMap<String, String>> PARAMS = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final WebClient web;
    private final AccountTokens tokens;
    private final JsonMapper json;
    private final FieldCipher cipher;
    private final Clock clock;
    private final RetryPolicy retries;
    private final Duration timeout;
    private final Duration lease;
    private final int batchSize;
    private final Map<String, Counter> delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;

    CallbackDelivery(DatabaseClient db, TransactionalOperator tx, WebClient web, AccountTokens tokens, JsonMapper json,
            FieldCipher cipher, Clock clock, RetryPolicy retries, Callbacks config, MeterRegistry meters) {
        this.cipher = cipher;
        this.db = db;
        this.tx = tx;
        this.web = web;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        this.retries = retries;
        this.timeout = config.timeout();
        this.lease = config.lease();
        this.batchSize = config.batchSize();
        this.delivered = Map.of(
                CallbackKind.STATUS.wireName(), deliveredCounter(meters, CallbackKind.STATUS),
                CallbackKind.RECORDING.wireName(), deliveredCounter(meters, CallbackKind.RECORDING));
        this.retried = Counter.builder("veil.callbacks.retried")
                .description("Callback attempts that failed and will be tried again").register(meters);
        this.deadLettered = Counter.builder("veil.callbacks.dead_lettered")
                .description("Callbacks given up on (final 4xx, or retries exhausted)").register(meters);
        this.latency = Timer.builder("veil.callbacks.delivery.latency")
                .description("From the event that caused a callback to the customer's 2xx")
                .publishPercentileHistogram().register(meters);
    }

    private static Counter deliveredCounter(MeterRegistry meters, CallbackKind kind) {
        return Counter.builder("veil.callbacks.delivered").tag("kind", kind.wireName())
                .description("Callbacks the customer answered with a 2xx").register(meters);
    }

    /** One round: sends every claimable callback; emits whether the batch was full (more may be due). */
    Mono<Boolean> deliverDue() {
        Instant now = clock.instant();
        return claim(now)
                .flatMapMany(Flux::fromIterable)
                .flatMap(this::attempt, batchSize)
                .count()
                .map(sent -> sent >= batchSize);
    }

    /** Claims in a transaction of its own, committed before any attempt starts. */
    private Mono<List<Claimed>> claim(Instant now) {
        return db.sql("""
                        UPDATE callbacks c SET attempts = c.attempts + 1, next_attempt_at = :leaseEnd
                        FROM (SELECT d.id FROM callbacks d
                              WHERE d.status = 'pending' AND d.next_attempt_at <= :now
                                AND NOT EXISTS (SELECT 1 FROM callbacks e
                                                WHERE e.session_uuid = d.session_uuid AND e.status = 'pending'
                                                  AND e.sequence_number < d.sequence_number)
                              ORDER BY d.next_attempt_at
                              LIMIT :limit
                              FOR UPDATE SKIP LOCKED) due
                        WHERE c.id = due.id
                        RETURNING c.id, c.callback_uuid, c.session_uuid, c.account_id, c.main_account_id, c.kind,
                                  c.url, c.method, c.params, c.event_time, c.attempts, c.retry_from""")
                .bind("now", utc(now)).bind("leaseEnd", utc(now.plus(lease)))
                .bind("limit", batchSize)
                .map(row -> new Claimed(
                        Objects.requireNonNull(row.get("id", Long.class)),
                        Objects.requireNonNull(row.get("callback_uuid", UUID.class)),
                        Objects.requireNonNull(row.get("session_uuid", UUID.class)),
                        Objects.requireNonNull(row.get("account_id", String.class)),
                        Objects.requireNonNull(row.get("main_account_id", String.class)),
                        Objects.requireNonNull(row.get("kind", String.class)),
                        Objects.requireNonNull(row.get("url", String.class)),
                        Objects.requireNonNull(row.get("method", String.class)),
                        Objects.requireNonNull(row.get("params", String.class)),
                        Objects.requireNonNull(row.get("event_time", OffsetDateTime.class)).toInstant(),
                        Objects.requireNonNull(row.get("attempts", Integer.class)),
                        Objects.requireNonNull(row.get("retry_from", OffsetDateTime.class)).toInstant()))
                .all()
                .collectList()
                .as(tx::transactional);
    }

    private Mono<Void> attempt(Claimed callback) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        return send(callback)
                .map(status -> new Result(status, null))
                .onErrorResume(e -> Mono.just(new Result(null, describe(e))))
                .flatMap(result -> record(callback, started,
                        Duration.ofNanos(System.nanoTime() - startNanos), result));
    }

    private Mono<Integer> send(Claimed callback) {
        Map<String, String> params = json.readValue(CallbackRecorder.PARAMS.open(cipher, callback.params()), PARAMS);
        Map<String, List<String>> signed = params.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()), (a, b) -> a, LinkedHashMap::new));
        Mono<Optional<String>> mainToken = callback.accountId().equals(callback.mainAccountId())
                ? Mono.just(Optional.empty())
                : tokens.token(callback.mainAccountId()).map(Optional::of)
                        .switchIfEmpty(Mono.error(() -> new MissingTokenException(callback.mainAccountId())));
        return tokens.token(callback.accountId())
                .switchIfEmpty(Mono.error(() -> new MissingTokenException(callback.accountId())))
                .zipWith(mainToken)
                .flatMap(keys -> {
                    String nonce = CallbackSigner.nonce();
                    String signature = CallbackSigner.sign(callback.method(), callback.url(), signed, nonce,
                            keys.getT1());
                    String mainSignature = keys.getT2().map(main -> CallbackSigner.sign(callback.method(),
                            callback.url(), signed, nonce, main)).orElse(null);
                    WebClient.RequestHeadersSpec<?> request;
                    if ("GET".equals(callback.method())) {
                        request = web.get().uri(withQuery(callback.url(), params));
                    } else {
                        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
                        params.forEach(form::add);
                        request = web.post().uri(URI.create(callback.url()))
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .body(BodyInserters.fromFormData(form));
                    }
                    return request
                            .header(PlivoSignatureV3.SIGNATURE_HEADER, signature)
                            .header(PlivoSignatureV3.NONCE_HEADER, nonce)
                            .headers(h -> {
                                if (mainSignature != null) {
                                    h.set(CallbackSigner.MAIN_ACCOUNT_HEADER, mainSignature);
                                }
                            })
                            .exchangeToMono(response -> response.releaseBody()
                                    .thenReturn(response.statusCode().value()))
                            .timeout(timeout);
                });
    }

    private static URI withQuery(String url, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(url + (url.contains("?") ? "&" : "?") + query);
    }

    private Mono<Void> record(Claimed callback, Instant started, Duration took, Result result) {
        Instant now = clock.instant();
        Integer status = result.statusCode();
        String outcome;
        Instant next = null;
        if (status != null && status >= 200 && status < 300) {
            outcome = "delivered";
        } else if (status != null && status >= 400 && status < 500 && status != 429) {
            outcome = "dead";
        } else {
            next = retries.next(callback.attempt(), callback.retryFrom(), now).orElse(null);
            outcome = next == null ? "dead" : "pending";
        }
        var attemptRow = db.sql("""
                        INSERT INTO callback_attempts (callback_id, attempt, started_at, duration_ms, status_code, error)
                        VALUES (:id, :attempt, :started, :duration, :status, :error)
                        ON CONFLICT DO NOTHING""")
                .bind("id", callback.id()).bind("attempt", callback.attempt()).bind("started", utc(started))
                .bind("duration", (int) Math.min(Integer.MAX_VALUE, took.toMillis()));
        attemptRow = status == null ? attemptRow.bindNull("status", Integer.class) : attemptRow.bind("status", status);
        attemptRow = result.error() == null ? attemptRow.bindNull("error", String.class)
                : attemptRow.bind("error", result.error());
        var update = db.sql("""
                        UPDATE callbacks SET status = :outcome, next_attempt_at = COALESCE(:next, next_attempt_at),
                            delivered_at = CASE WHEN :outcome = 'delivered' THEN :now ELSE delivered_at END
                        WHERE id = :id AND attempts = :attempt AND status = 'pending'""")
                .bind("outcome", outcome).bind("now", utc(now)).bind("id", callback.id())
                .bind("attempt", callback.attempt());
        update = next == null ? update.bindNull("next", OffsetDateTime.class) : update.bind("next", utc(next));
        Mono<Long> written = attemptRow.then().then(update.fetch().rowsUpdated());
        String finalOutcome = outcome;
        return tx.transactional(written).doOnNext(rows -> {
            if (rows == 0) {
                return;
            }
            switch (finalOutcome) {
                case "delivered" -> {
                    delivered.get(callback.kind()).increment();
                    // An event stamped ahead of this clock counts as delivered at once, not as a negative time.
                    Duration sinceEvent = Duration.between(callback.eventTime(), now);
                    latency.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
                }
                case "dead" -> {
                    deadLettered.increment();
                    log.warn("callback {} of session {} dead after attempt {} ({})", callback.callbackUuid(),
                            callback.sessionUuid(), callback.attempt(),
                            status != null ? "HTTP " + status : result.error());
                }
                default -> retried.increment();
            }
        }).then();
    }

    private static String describe(Throwable e) {
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "timeout";
        }
        if (e instanceof MissingTokenException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        // A message may quote the request URI, whose query (a GET callback's parameters) holds From/To: runs of 6 or
        // more digits (a phone number, never a port or an address byte) are masked before the text is stored or logged.
        String described = LONG_DIGITS.matcher(root.getClass().getSimpleName() + message).replaceAll("[number]");
        return described.length() > 300 ? described.substring(0, 300) : described;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A claimed callback; {@code attempt} is the number of the attempt about to be made. */
    private record Claimed(long id, UUID callbackUuid, UUID sessionUuid, String accountId, String mainAccountId,
            String kind, String url, String method, String params, Instant eventTime, int attempt,
            Instant retryFrom) {
    }

    private record Result(@Nullable Integer statusCode, @Nullable String error) {
    }

    /** The signing token of an account is not available (set before tokens were stored encrypted, unused since). */
    private static final class MissingTokenException extends RuntimeException {

        MissingTokenException(String authId) {
            super("no stored token to sign with for " + authId + "; authenticate once with its credentials",
                    null, false, false);
        }
    }
}
