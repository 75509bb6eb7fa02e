package dev.veil.router;

import dev.veil.platform.boot.VeilTopics;
import dev.veil.router.SessionMother.TestSession;
import dev.veil.testsupport.VeilInfrastructure;

/**
 * Sessions published before the test context starts, so the tests can show the routing index is rebuilt from the
 * topic at start-up: one live, one created and then expired.
 */
final class StartupSessions {

    static final TestSession LIVE = SessionMother.live();
    static final TestSession EXPIRED = SessionMother.live();
    private static boolean published;

    private StartupSessions() {
    }

    static synchronized void publish() {
        if (published) {
            return;
        }
        // The compacted session topic, as the platform creates it, rather than one auto-created by the producer.
        new VeilTopics(VeilInfrastructure.get().kafkaBootstrapServers());
        Kafka.sessionCreated(LIVE);
        Kafka.sessionCreated(EXPIRED);
        Kafka.sessionExpired(EXPIRED);
        published = true;
    }
}
