package dev.veil.session.callbacks;

import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.platform.schedule.RepeatingTask;
import dev.veil.session.SessionProperties;
import dev.veil.session.SessionProperties.Callbacks;
import dev.veil.session.account.AccountTokens;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires callback recording, the SSRF guard, the delivery loop ({@code callback delivery}, every
 * {@code veil.session.callbacks.interval} when idle) and the gauges {@code veil.callbacks.backlog} (callbacks
 * neither delivered nor dead) and {@code veil.sessions.active} (sessions not expired), refreshed every 5 s. Declares the
 * sealed column {@code callbacks.params} for key rotation.
 */
@Configuration(proxyBeanMethods = false)
class CallbackConfiguration {

    private static final Duration GAUGE_INTERVAL = Duration.ofSeconds(5);

    @Bean
    CallbackRecorder callbackRecorder(DatabaseClient db, JsonMapper json, PrivacyKeys keys, Clock clock) {
        return new CallbackRecorder(db, json, keys.data(), clock);
    }

    @Bean
    EncryptedColumn callbacksParams() {
        return CallbackRecorder.PARAMS;
    }

    /** DNS lookups block; at most 4 run at once, each bounded by the DNS timeout. */
    @Bean(destroyMethod = "dispose")
    Scheduler callbackResolverScheduler() {
        return Schedulers.newBoundedElastic(4, 256, "callback-dns");
    }

    @Bean
    CallbackTargetGuard callbackTargetGuard(SessionProperties properties, Scheduler callbackResolverScheduler) {
        Callbacks config = properties.callbacks();
        return new CallbackTargetGuard(config.allowPrivateTargets(), config.dnsTimeout(), callbackResolverScheduler);
    }

    @Bean
    CallbackDelivery callbackDelivery(DatabaseClient db, TransactionalOperator tx, AccountTokens tokens,
            JsonMapper json, PrivacyKeys keys, Clock clock, SessionProperties properties, MeterRegistry meters) {
        Callbacks config = properties.callbacks();
        // Redirects are not followed: a redirect could lead past the SSRF guard.
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.timeout().toMillis())
                .responseTimeout(config.timeout())
                .followRedirect(false);
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        RetryPolicy retries = new RetryPolicy(config, () -> ThreadLocalRandom.current().nextDouble());
        return new CallbackDelivery(db, tx, web, tokens, json, keys.data(), clock, retries, config, meters);
    }

    @Bean
    RepeatingTask callbackDeliveryTask(CallbackDelivery delivery, SessionProperties properties) {
        return new RepeatingTask("callback delivery", delivery::deliverDue, properties.callbacks().interval());
    }

    @Bean
    RepeatingTask callbackGaugesTask(DatabaseClient db, MeterRegistry meters) {
        AtomicLong backlog = new AtomicLong();
        AtomicLong active = new AtomicLong();
        Gauge.builder("veil.callbacks.backlog", backlog, AtomicLong::get)
                .description("Callbacks neither delivered nor dead-lettered").register(meters);
        Gauge.builder("veil.sessions.active", active, AtomicLong::get)
                .description("Sessions not expired (active or in-progress)").register(meters);
        return new RepeatingTask("callback and session gauges", () -> db.sql("""
                        SELECT (SELECT count(*) FROM callbacks WHERE status = 'pending') AS backlog,
                               (SELECT count(*) FROM sessions WHERE status <> 'expired') AS active""")
                .map(row -> {
                    backlog.set(Objects.requireNonNull(row.get("backlog", Long.class)));
                    active.set(Objects.requireNonNull(row.get("active", Long.class)));
                    return false;
                })
                .one()
                .switchIfEmpty(Mono.just(false)), GAUGE_INTERVAL);
    }
}
