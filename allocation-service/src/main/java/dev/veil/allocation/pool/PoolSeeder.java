package dev.veil.allocation.pool;

import dev.veil.allocation.AllocationProperties;
import dev.veil.allocation.AllocationProperties.PoolNumber;
import dev.veil.platform.phone.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Adds the configured pool ({@code veil.allocation.pool}) to {@code virtual_numbers} at start-up, after the
 * migrations and before the service takes requests. Idempotent: a number that exists is left as it is, whichever
 * account owns it and whatever its status.
 */
@Component
@DependsOnDatabaseInitialization
class PoolSeeder implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PoolSeeder.class);

    private final DatabaseClient db;
    private final AllocationProperties properties;
    private final PoolMetrics metrics;

    PoolSeeder(DatabaseClient db, AllocationProperties properties, PoolMetrics metrics) {
        this.db = db;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public void afterPropertiesSet() {
        Long added = seed().block(Duration.ofSeconds(60));
        log.info("virtual number pool: {} configured, {} added", properties.pool().size(), added);
        metrics.refresh().block(Duration.ofSeconds(60));
    }

    /** Inserts the configured numbers that are missing; emits how many were added. */
    Mono<Long> seed() {
        return Flux.fromIterable(properties.pool())
                .concatMap(this::insert)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> insert(PoolNumber configured) {
        PhoneNumber number = configured.phoneNumber();
        return db.sql("""
                        INSERT INTO virtual_numbers (number, account_id, country, status)
                        VALUES (:number, :account, :country, 'active')
                        ON CONFLICT (number) DO NOTHING""")
                .bind("number", number.e164())
                .bind("account", configured.accountId())
                .bind("country", number.country())
                .fetch().rowsUpdated();
    }
}
