package dev.veil.router.call;

import dev.veil.events.EventType;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.ratelimit.TokenBuckets;
import dev.veil.router.SessionMother;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.router.TestKeys;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
import dev.veil.router.limits.AccountCallLimits;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Answers given while Postgres is gone (every connection cut, as when it stops) are answered from memory at once,
 * and once Postgres is back the write-behind journal catches up: their webhook log rows, live-call claim and events
 * (in the outbox, which the relay publishes) are all there, once. Real Postgres behind a TCP switch, in a schema of
 * its own; no Spring context.
 */
class AnswerCatchUpTests {

    private static final String SCHEMA = "router_catch_up";

    @Test
    void answersGivenWhilePostgresIsDownAreWrittenWithTheirEventsOnceItIsBack() throws Exception {
        VeilInfrastructure infra = VeilInfrastructure.get();
        Flyway.configure().dataSource(infra.jdbcUrl(), infra.user(), infra.password()).schemas(SCHEMA)
                .defaultSchema(SCHEMA).createSchemas(true)
                .locations("classpath:db/platform", "classpath:db/call-router").load().migrate();
        URI postgresAddress = URI.create(infra.dbUrl());
        DatabaseClient direct = DatabaseClient.create(connections(postgresAddress.getHost(), postgresAddress.getPort(),
                postgresAddress, infra));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RoutingIndex index = new RoutingIndex(Clock.systemUTC(), TestKeys.KEYS);
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());

        try (TcpSwitch postgres = new TcpSwitch(postgresAddress.getHost(), postgresAddress.getPort())) {
            ConnectionFactory proxied = connections("127.0.0.1", postgres.port(), postgresAddress, infra);
            DatabaseClient db = DatabaseClient.create(proxied);
            WebhookLog log = new WebhookLog(db, TestKeys.KEYS.data());
            Outbox outbox = new Outbox(db, new EventCodec(), Clock.systemUTC());
            TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(proxied));
            AnswerJournal journal = new AnswerJournal(log, new Outbox(db, new EventCodec(), Clock.systemUTC()),
                    tx, 100, 10, meters);
            CallHandler calls = new CallHandler(Routes.memoryOnly(index), index, log, new LiveCalls(), journal,
                    pinGuessing(db), unlimitedCalls(), outbox, tx, Clock.systemUTC(), Duration.ofMillis(300),
                    meters);
            journal.start();
            try {
                postgres.cut();
                String bridged = UUID.randomUUID().toString();
                String busy = UUID.randomUUID().toString();

                long started = System.nanoTime();
                CallInstruction first = answer(calls, bridged, session, true);
                CallInstruction second = answer(calls, busy, session, false);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(first).isInstanceOf(CallInstruction.Connect.class);
                assertThat(second).isEqualTo(new CallInstruction.Reject("busy"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> meters.counter("veil.router.answer.journal.failures").count() >= 2);
                assertThat(journal.backlog()).isEqualTo(2);

                postgres.restore();
                await().atMost(Duration.ofSeconds(15)).until(() -> journal.backlog() == 0);
            } finally {
                journal.stop();
            }

            List<String> logged = direct.sql("SELECT kind || ':' || call_uuid AS k FROM webhook_log")
                    .map(row -> row.get("k", String.class)).all().collectList().block();
            assertThat(logged).hasSize(2).allMatch(k -> k.startsWith("answer:"));
            List<String> events = direct.sql("SELECT type FROM outbox WHERE aggregate_id = :session ORDER BY seq")
                    .bind("session", session.uuid()).map(row -> row.get("type", String.class)).all().collectList()
                    .block();
            assertThat(events).containsExactly(EventType.INTERACTION_STARTED.wireName(),
                    EventType.CALL_LEG_CHANGED.wireName(), EventType.CALL_LEG_CHANGED.wireName());
            assertThat(direct.sql("SELECT count(*) AS n FROM live_call WHERE session_uuid = :session")
                    .bind("session", session.uuid()).map(row -> row.get("n", Long.class)).one().block())
                    .isEqualTo(1L);
        }
    }

    private static CallInstruction answer(CallHandler calls, String callUuid, TestSession session, boolean first) {
        return calls.handle(new CallReport.IncomingCall(callUuid, first ? session.first() : session.second(),
                session.virtualNumber())).block(Duration.ofSeconds(2));
    }

    private static ConnectionFactory connections(String host, int port, URI postgres, VeilInfrastructure infra) {
        return ConnectionFactories.get(ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                .option(ConnectionFactoryOptions.HOST, host)
                .option(ConnectionFactoryOptions.PORT, port)
                .option(ConnectionFactoryOptions.DATABASE, postgres.getPath().substring(1))
                .option(ConnectionFactoryOptions.USER, infra.user())
                .option(ConnectionFactoryOptions.PASSWORD, infra.password())
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofMillis(500))
                .option(Option.valueOf("schema"), SCHEMA)
                .build());
    }

    static PinGuessing pinGuessing(DatabaseClient db) {
        return new PinGuessing(db, TestKeys.KEYS.blindIndex(), 6, Duration.ofMinutes(15), Duration.ofMinutes(30));
    }

    /** Call limits that never refuse: session-service is not there, and the default is unlimited. */
    static AccountCallLimits unlimitedCalls() {
        return new AccountCallLimits(WebClient.create("http://127.0.0.1:9"), new TokenBuckets(Clock.systemUTC()),
                TokenBuckets.Limit.UNLIMITED, Duration.ofMinutes(1), Duration.ofMillis(50), Clock.systemUTC(),
                new SimpleMeterRegistry());
    }
}
