package dev.veil.router;

import dev.veil.events.InteractionStarted;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls started per account, through the webhooks: the account's limit comes from session-service (the fake's
 * {@code /internal/v1/accounts/{auth_id}/limits}); beyond it a call is refused as busy, and a retried answer never
 * takes a second call start.
 */
class CallLimitTests extends RouterIntegrationTest {

    static final String BUSY = "<Response><Hangup reason=\"busy\"/></Response>";

    @Test
    void callsBeyondTheAccountsLimitAreRefusedAsBusyAndRetriesTakeNoSecondStart() {
        String account = "MALIMITED" + Long.toString(System.nanoTime(), 36).toUpperCase();
        // Two calls at once, and practically no refill during the test.
        FakeSessionService.get().limitsOf(account, 0.001, 2);
        TestSession one = created(SessionMother.live().of(account));
        TestSession two = created(SessionMother.live().of(account));
        TestSession three = created(SessionMother.live().of(account));
        TestSession otherAccount = created(SessionMother.live());
        double limitedBefore = counter("veil.calls.rate_limited");
        String firstCall = callUuid();
        String thirdCall = callUuid();

        assertThat(xml(post("/carrier/plivo/answer", answer(firstCall, one, true))))
                .isEqualTo(dialTo(one, one.second()));
        assertThat(xml(post("/carrier/plivo/answer", answer(firstCall, one, true))))
                .as("a retried answer takes no second start").isEqualTo(dialTo(one, one.second()));
        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), two, false))))
                .isEqualTo(dialTo(two, two.first()));
        assertThat(xml(post("/carrier/plivo/answer", answer(thirdCall, three, true)))).isEqualTo(BUSY);
        assertThat(xml(post("/carrier/plivo/answer", answer(thirdCall, three, true)))).isEqualTo(BUSY);
        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), otherAccount, true))))
                .as("another account's calls are not limited by this one's")
                .isEqualTo(dialTo(otherAccount, otherAccount.second()));

        assertThat(counter("veil.calls.rate_limited")).isEqualTo(limitedBefore + 1);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(three.uuid())).noneMatch(InteractionStarted.class::isInstance);
        assertThat(loggedKinds(thirdCall)).containsExactly("answer");
    }
}
