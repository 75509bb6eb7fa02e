package dev.veil.router.call;

import dev.veil.platform.events.EventCodec;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.router.TestKeys;
import dev.veil.router.TestNumbers;
import dev.veil.router.index.Routes;
import dev.veil.router.index.RoutingIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer webhook with Postgres not answering (a server that accepts connections and never replies, as a hung
 * database does): the bridge is answered from memory within the deadline, its record queued to be written behind.
 */
class DegradedAnswerTests {

    private ServerSocket silentDatabase;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RoutingIndex index = new RoutingIndex(Clock.systemUTC(), TestKeys.KEYS);
    private CallHandler calls;
    private AnswerJournal journal;

    @BeforeEach
    void silentPostgres() throws IOException {
        silentDatabase = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            while (!silentDatabase.isClosed()) {
                try {
                    held.add(silentDatabase.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        ConnectionFactory postgres = ConnectionFactories.get("r2dbc:postgresql://veil:veil@127.0.0.1:"
                + silentDatabase.getLocalPort() + "/veil");
        DatabaseClient db = DatabaseClient.create(postgres);
        WebhookLog log = new WebhookLog(db, TestKeys.KEYS.data());
        Outbox outbox = new Outbox(db, new EventCodec(), Clock.systemUTC());
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(postgres));
        journal = new AnswerJournal(log, new Outbox(db, new EventCodec(), Clock.systemUTC()), tx, 10, 10, meters);
        calls = new CallHandler(Routes.memoryOnly(index), index, log, new LiveCalls(), journal,
                AnswerCatchUpTests.pinGuessing(db), AnswerCatchUpTests.unlimitedCalls(), outbox, tx,
                Clock.systemUTC(), Duration.ofMillis(300), meters);
    }

    @AfterEach
    void stop() throws IOException {
        silentDatabase.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void bridgeIsAnsweredFromMemoryWithinTheDeadlineWhenPostgresHangsAndItsRecordWaitsToBeWritten() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());

        long started = System.nanoTime();
        CallInstruction instruction = calls.handle(new CallReport.IncomingCall("A", session.first(),
                session.virtualNumber())).block(Duration.ofSeconds(2));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(instruction).isEqualTo(new CallInstruction.Connect(session.virtualNumber(), session.second(),
                SessionMother.CALL_TIME_LIMIT, SessionMother.RING_TIMEOUT));
        assertThat(journal.backlog()).isEqualTo(1);
        assertThat(meters.get("veil.router.answer.degraded").counter().count()).isZero();
        CallInstruction retried = calls.handle(new CallReport.IncomingCall("A", session.first(),
                session.virtualNumber())).block(Duration.ofSeconds(2));
        assertThat(retried).as("a retried answer, from memory").isEqualTo(instruction);
        assertThat(calls.handle(new CallReport.IncomingCall("C", session.second(), session.virtualNumber()))
                .block(Duration.ofSeconds(2))).as("one live call per session, from memory")
                .isEqualTo(new CallInstruction.Reject("busy"));
    }

    @Test
    void callRefusedAsBusyIsRefusedAgainOnItsRetryWhenPostgresHangsAndTheJournalIsFull() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());
        calls.handle(new CallReport.IncomingCall("A", session.first(), session.virtualNumber()))
                .block(Duration.ofSeconds(2));
        // Nine more bridges fill the journal (10 answers), so the refusal below is answered but not queued.
        for (int i = 0; i < 9; i++) {
            TestSession other = SessionMother.live();
            index.apply(other.uuid(), other.state());
            calls.handle(new CallReport.IncomingCall("other-" + i, other.first(), other.virtualNumber()))
                    .block(Duration.ofSeconds(2));
        }
        CallReport.IncomingCall busy = new CallReport.IncomingCall("C", session.second(), session.virtualNumber());
        assertThat(calls.handle(busy).block(Duration.ofSeconds(2))).isEqualTo(new CallInstruction.Reject("busy"));
        assertThat(meters.get("veil.router.answer.degraded").counter().count()).as("not queued").isEqualTo(1);

        assertThat(calls.handle(busy).block(Duration.ofSeconds(2))).as("its retry, from memory")
                .isEqualTo(new CallInstruction.Reject("busy"));
    }

    @Test
    void unknownCallerIsStillRefusedWithinTheDeadlineWhenPostgresHangs() {
        TestSession session = SessionMother.live();
        index.apply(session.uuid(), session.state());
        PhoneNumber stranger = TestNumbers.us();

        long started = System.nanoTime();
        CallInstruction instruction = calls.handle(new CallReport.IncomingCall("B", stranger,
                session.virtualNumber())).block(Duration.ofSeconds(2));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(instruction).isEqualTo(new CallInstruction.Reject("rejected"));
    }
}
