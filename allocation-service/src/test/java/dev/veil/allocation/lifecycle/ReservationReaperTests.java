package dev.veil.allocation.lifecycle;

import dev.veil.allocation.AllocationServiceApplication;
import dev.veil.allocation.TestParty;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.testsupport.VeilInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reaper with a one-second reservation timeout. Its own context and schema, so the short timeout cannot reap
 * the reservations of other test classes; its event binding is off (confirmations are applied directly) because
 * the binding is proven in {@link SessionEventsTests} and a second consumer in the same group would share it.
 */
@SpringBootTest(properties = {
        "spring.config.name=" + AllocationServiceApplication.CONFIG_NAME,
        "veil.allocation.reservation-timeout=1s",
        "veil.allocation.reaper-interval=200ms",
        "spring.cloud.stream.bindings.onSessionEvents-in-0.consumer.auto-startup=false"})
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class ReservationReaperTests {

    static final Duration REAPED = Duration.ofSeconds(15);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "allocation_reaper");
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    AllocationLifecycle lifecycle;
    @Autowired
    TransactionalOperator tx;

    @Test
    void unconfirmedReservationIsReleasedWithItsBindingsWhileAConfirmedOneStays() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        TestParty a = party();
        String abandoned = session();
        String kept = session();
        TestParty b = party();
        TestParty c = party();
        assertThat(allocate(abandoned, account, a, b)).isEqualTo(vn1);
        assertThat(allocate(kept, account, a, c)).isEqualTo(vn2);
        confirm(created(kept, account, a, c, vn2));

        await().atMost(REAPED).until(() -> "released".equals(status(abandoned)));

        assertThat(bindings(abandoned)).isEmpty();
        assertThat(db.sql("SELECT released_at IS NOT NULL FROM allocations WHERE session_uuid = :s")
                .bind("s", abandoned).map(r -> r.get(0, Boolean.class)).one().block()).isTrue();
        assertThat(status(kept)).isEqualTo("confirmed");
        assertThat(bindings(kept)).hasSize(2);
        assertThat(liveSessions(vn1)).isZero();
        assertThat(liveSessions(vn2)).isEqualTo(1);
        // The abandoned reservation no longer holds A on VN1.
        assertThat(allocate(session(), account, a, party())).isEqualTo(vn1);
    }

    @Test
    void sessionCreatedAfterItsReservationWasReapedTakesItsBindingsBackWhenStillFree() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String late = session();
        TestParty a = party();
        TestParty b = party();
        allocate(late, account, a, b);
        await().atMost(REAPED).until(() -> "released".equals(status(late)));

        confirm(created(late, account, a, b, vn));

        assertThat(status(late)).isEqualTo("confirmed");
        assertThat(bindings(late))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + b.index());
        assertThat(liveSessions(vn)).isEqualTo(1);
    }

    @Test
    void reapedAllocationThatRecordedNoBindingsTakesBackItsPartiesByTheirIndexes() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String late = session();
        TestParty a = party();
        TestParty b = party();
        allocate(late, account, a, b);
        await().atMost(REAPED).until(() -> "released".equals(status(late)));
        // As an allocation made before held_bindings was recorded.
        db.sql("UPDATE allocations SET held_bindings = '{}' WHERE session_uuid = :s").bind("s", late).then().block();

        confirm(created(late, account, a, b, vn));

        assertThat(status(late)).isEqualTo("confirmed");
        assertThat(bindings(late))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + b.index());
        assertThat(liveSessions(vn)).isEqualTo(1);
    }

    @Test
    void sessionCreatedAfterItsReservationWasReapedCannotTakeAPartyBoundAgainMeanwhile() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String late = session();
        TestParty a = party();
        TestParty b = party();
        allocate(late, account, a, b);
        await().atMost(REAPED).until(() -> "released".equals(status(late)));
        String other = session();
        TestParty c = party();
        allocate(other, account, a, c);
        confirm(created(other, account, a, c, vn));

        confirm(created(late, account, a, b, vn));

        assertThat(status(late)).isEqualTo("released");
        assertThat(bindings(late)).isEmpty();
        assertThat(bindings(other))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + c.index());
    }

    private void confirm(SessionCreated created) {
        tx.transactional(lifecycle.confirm(created)).block();
    }

    private void seed(String account, String... numbers) {
        for (String number : numbers) {
            db.sql("INSERT INTO virtual_numbers (number, account_id, country) VALUES (:n, :a, :c)")
                    .bind("n", number).bind("a", account).bind("c", PhoneNumber.parse(number).country())
                    .then().block();
        }
    }

    private String allocate(String session, String account, TestParty first, TestParty second) {
        Map<String, Object> body = new HashMap<>(Map.of("session_uuid", session, "account_id", account));
        body.putAll(first.fields("first_party"));
        body.putAll(second.fields("second_party"));
        return web.post().uri("/internal/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("virtual_number").toString();
    }

    private int liveSessions(String number) {
        return db.sql("SELECT live_sessions FROM virtual_numbers WHERE number = :n").bind("n", number)
                .map(r -> r.get(0, Integer.class)).one().block();
    }

    private String status(String session) {
        return db.sql("SELECT status FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> r.get(0, String.class)).one().block();
    }

    private List<String> bindings(String session) {
        return db.sql("SELECT virtual_number || '|' || binding FROM bindings WHERE session_uuid = :s")
                .bind("s", session).map(r -> r.get(0, String.class)).all().collectList().block();
    }

    private static SessionCreated created(String session, String account, TestParty first, TestParty second,
            String virtualNumber) {
        Instant now = Instant.now();
        return new SessionCreated(session, new SessionState(account, first.number(), second.number(), virtualNumber,
                "active", 14400, 45, now, now.plusSeconds(3600), false, "mp3"), now);
    }
}
