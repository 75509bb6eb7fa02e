package dev.veil.session.expiry;

import dev.veil.events.CallEnded;
import dev.veil.events.EventType;
import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.SessionExpired;
import dev.veil.session.SessionServiceTestSupport;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionCreator;
import dev.veil.session.sessions.SessionCreatorTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionExpiryTests extends SessionServiceTestSupport {

    @Autowired
    SessionExpiryScheduler scheduler;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SessionCreator creator;

    @Test
    void sessionPastItsExpiryTimeIsExpiredAndSessionExpiredIsPublished() {
        JsonNode created = createSession(Map.of("first_party", "+14155550131", "second_party", "+14155550132",
                "session_expiry", 1));
        String uuid = created.get("session_uuid").asString();

        SessionExpired event = (SessionExpired) codec.decode(EventType.SESSION_EXPIRED,
                readEvents(uuid, EventType.SESSION_EXPIRED, 1).getFirst().value());

        assertThat(event.reason()).isEqualTo("timeout");
        assertThat(event.session().status()).isEqualTo("expired");
        assertThat(event.session().virtualNumber()).isEqualTo(created.get("virtual_number").asString());
        assertThat(opened(event.session().firstParty())).isEqualTo("+14155550131");
        assertThat(event.occurredAt()).isAfterOrEqualTo(event.session().expiryTime());
        assertThat(getSession(uuid).get("status").asString()).isEqualTo("expired");

        // A call that ends after the session expired leaves it expired.
        String call = UUID.randomUUID().toString();
        Instant start = event.occurredAt();
        publish(new InteractionStarted(uuid, ACCOUNT, call, PartyRole.FIRST_PARTY, start),
                new CallEnded(uuid, ACCOUNT, call, start, start.plusSeconds(5), List.of()));
        JsonNode after = await().atMost(Duration.ofSeconds(30)).until(() -> getSession(uuid),
                s -> !s.get("last_interaction_time").asString().isEmpty());
        assertThat(after.get("status").asString()).isEqualTo("expired");
    }

    /**
     * A session stored without any request of this process (as one created before a restart) is found in the
     * database and expired within 1 s of its expiry time.
     */
    @Test
    void sessionStoredBeforeARestartExpiresWithinASecondOfItsExpiryTime() {
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Session stored = SessionCreatorTests.session(ACCOUNT, created, 2);
        creator.create(stored, null, "restart-test").block();
        String uuid = stored.sessionUuid().toString();

        SessionExpired event = (SessionExpired) codec.decode(EventType.SESSION_EXPIRED,
                readEvents(uuid, EventType.SESSION_EXPIRED, 1).getFirst().value());

        assertThat(event.reason()).isEqualTo("timeout");
        assertThat(Duration.between(stored.expiryTime(), event.occurredAt()))
                .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void concurrentExpiryRunsExpireEachSessionOnce() {
        double expiredBefore = meters.counter("veil.sessions.expired", "reason", "timeout").count();
        List<String> sessions = IntStream.range(0, 5).mapToObj(i -> createSession(Map.of(
                        "first_party", "+1415555014" + i, "second_party", "+1415555015" + i, "session_expiry", 1))
                .get("session_uuid").asString()).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> count("""
                SELECT count(*) FROM sessions WHERE expiry_time <= now() AND session_uuid IN (%s)"""
                .formatted(quoted(sessions))) == sessions.size());

        // Three more runners race the scheduler itself, as replicas would.
        Flux.range(0, 3).flatMap(i -> scheduler.expireDue().subscribeOn(Schedulers.parallel())).blockLast();

        await().atMost(Duration.ofSeconds(10)).until(() -> count("""
                SELECT count(*) FROM sessions WHERE status = 'expired' AND session_uuid IN (%s)"""
                .formatted(quoted(sessions))) == sessions.size());
        assertThat(meters.counter("veil.sessions.expired", "reason", "timeout").count())
                .isEqualTo(expiredBefore + sessions.size());
        for (String session : sessions) {
            readEvents(session, EventType.SESSION_EXPIRED, 1);
        }
    }

    private static String quoted(List<String> uuids) {
        return String.join(",", uuids.stream().map(u -> "'" + u + "'").toList());
    }
}
