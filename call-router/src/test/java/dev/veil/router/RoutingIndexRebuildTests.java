package dev.veil.router;

import dev.veil.router.index.SessionTopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The routing index is rebuilt from veil.session.v2 at start-up: sessions published before it are routable. */
class RoutingIndexRebuildTests extends RouterIntegrationTest {

    @Autowired
    SessionTopicReader reader;
    @Autowired
    @Qualifier("routingIndexHealthIndicator")
    HealthIndicator routingIndexHealth;
    @Autowired
    HealthEndpointGroups healthGroups;

    @Test
    void catchUpIncludesEverySessionPublishedBeforeStartUpAndReportsReady() {
        await().atMost(Duration.ofSeconds(15)).until(reader::caughtUp);
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        assertThat(healthGroups.get("readiness").isMember("routingIndex")).isTrue();
        Health health = routingIndexHealth.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("caughtUp", true);
        assertThat((Integer) health.getDetails().get("routes")).isGreaterThanOrEqualTo(2);

        // Caught up means everything published before start-up is applied, with no waiting beyond it.
        var live = StartupSessions.LIVE;
        assertThat(index.find(live.virtualNumber(), live.first())).get()
                .satisfies(route -> assertThat(route.sessionUuid()).isEqualTo(live.uuid()))
                .satisfies(route -> assertThat(route.otherParty()).isEqualTo(live.second()));
        assertThat(index.find(live.virtualNumber(), live.second())).get()
                .satisfies(route -> assertThat(route.otherParty()).isEqualTo(live.first()));
        assertThat(index.find(StartupSessions.EXPIRED.virtualNumber(), StartupSessions.EXPIRED.first())).isEmpty();
    }

    @Test
    void sessionPublishedBeforeStartUpIsRoutedFromTheIndexWithoutAskingSessionService() {
        await().atMost(Duration.ofSeconds(15)).until(reader::caughtUp);
        var session = StartupSessions.LIVE;

        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), session, true))))
                .isEqualTo(dialTo(session, session.second()));
        assertThat(FakeSessionService.get().requests(session.virtualNumber(), session.first())).isZero();
    }

    @Test
    void sessionExpiredBeforeStartUpIsRejected() {
        await().atMost(Duration.ofSeconds(15)).until(reader::caughtUp);

        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), StartupSessions.EXPIRED, false))))
                .isEqualTo(REJECTED);
    }
}
