package dev.veil.router;

import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyRole;
import dev.veil.events.RoutingOptions;
import dev.veil.events.VeilEvent;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AnswerWebhookTests extends RouterIntegrationTest {


    @Test
    void firstPartyCallingIsDialledToTheSecondPartyShowingTheVirtualNumber() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();
        double connectedBefore = counter("veil.calls.routed", "outcome", "connected");

        assertThat(xml(post(ANSWER, answer(call, session, true)))).isEqualTo(dialTo(session, session.second()));

        InteractionStarted started = awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst();
        assertThat(started.callUuid()).isEqualTo(call);
        assertThat(started.caller()).isEqualTo(PartyRole.FIRST_PARTY);
        assertThat(started.accountId()).isEqualTo(SessionMother.ACCOUNT);
        assertThat(loggedKinds(call)).containsExactly("answer");
        assertThat(counter("veil.calls.routed", "outcome", "connected")).isEqualTo(connectedBefore + 1);
    }

    @Test
    void secondPartyCallingIsDialledToTheFirstParty() {
        TestSession session = created(SessionMother.live(TestNumbers.us(), TestNumbers.gb()));
        String call = callUuid();

        assertThat(xml(post(ANSWER, answer(call, session, false)))).isEqualTo(dialTo(session, session.first()));

        InteractionStarted started = awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst();
        assertThat(started.caller()).isEqualTo(PartyRole.SECOND_PARTY);
    }

    @Test
    void unknownCallerIsRejectedAndLeavesNoTrace() {
        TestSession session = created(SessionMother.live());
        TestSession stranger = new TestSession(session.uuid(), session.virtualNumber(), TestNumbers.us(),
                session.second(), "active", session.createdTime(), session.expiryTime());
        String call = callUuid();
        double rejectedBefore = counter("veil.calls.routed", "outcome", "rejected");

        assertThat(xml(post(ANSWER, answer(call, stranger, true)))).isEqualTo(REJECTED);

        assertThat(loggedKinds(call)).isEmpty();
        assertThat(counter("veil.calls.routed", "outcome", "rejected")).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void callAfterTheSessionExpiredIsRejected() {
        TestSession session = created(SessionMother.live());

        Kafka.sessionExpired(session);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> index.find(session.virtualNumber(), session.first()).isEmpty());

        assertThat(xml(post(ANSWER, answer(callUuid(), session, true)))).isEqualTo(REJECTED);
        assertThat(xml(post(ANSWER, answer(callUuid(), session, false)))).isEqualTo(REJECTED);
    }

    @Test
    void repeatedAnswerWebhookGetsTheSameXmlAndCausesOneInteractionStarted() {
        TestSession session = created(SessionMother.live());
        String call = callUuid();

        String first = xml(post(ANSWER, answer(call, session, true)));
        String repeated = xml(post(ANSWER, answer(call, session, true)));
        // Even once the session has ended, the carrier's retry of that answer gets the answer it got.
        Kafka.sessionExpired(session);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> index.find(session.virtualNumber(), session.first()).isEmpty());
        String afterExpiry = xml(post(ANSWER, answer(call, session, true)));

        assertThat(repeated).isEqualTo(first).isEqualTo(dialTo(session, session.second()));
        assertThat(afterExpiry).isEqualTo(first);
        awaitOutboxPublished();
        assertThat(Kafka.callEvents(session.uuid())).filteredOn(InteractionStarted.class::isInstance).hasSize(1);
        assertThat(loggedKinds(call)).containsExactly("answer");
    }

    @Test
    void interactionStartedCarriesNoPhoneNumber() {
        TestSession session = created(SessionMother.live());
        post(ANSWER, answer(callUuid(), session, true)).expectStatus().isOk();

        List<VeilEvent> events = Kafka.callEvents(session.uuid());
        InteractionStarted started = awaitCallEvents(session.uuid(), InteractionStarted.class, 1).getFirst();

        assertThat(started.toString()).doesNotContain(session.first().digits(), session.second().digits(),
                session.virtualNumber().digits());
        assertThat(events).allSatisfy(e -> assertThat(e.sessionUuid()).isEqualTo(session.uuid()));
    }

    @Test
    void callRightAfterSessionCreationIsRoutedThroughSessionServiceAndTheAnswerIsKept() {
        TestSession session = SessionMother.live();
        FakeSessionService.get().knows(session);

        String call = callUuid();
        assertThat(xml(post(ANSWER, answer(call, session, false)))).isEqualTo(dialTo(session, session.first()));
        assertThat(FakeSessionService.get().requests(session.virtualNumber(), session.second())).isEqualTo(1);
        post("/carrier/plivo/hangup", Map.of("CallUUID", call, "HangupCause", "NORMAL_CLEARING"))
                .expectStatus().isOk();

        // Both parties' routes were kept: the next call is routed from memory.
        assertThat(index.find(session.virtualNumber(), session.first())).isPresent();
        assertThat(xml(post(ANSWER, answer(callUuid(), session, true)))).isEqualTo(dialTo(session, session.second()));
        assertThat(FakeSessionService.get().requests(session.virtualNumber(), session.first())).isZero();
        assertThat(awaitCallEvents(session.uuid(), InteractionStarted.class, 2)).extracting(InteractionStarted::caller)
                .containsExactlyInAnyOrder(PartyRole.FIRST_PARTY, PartyRole.SECOND_PARTY);
    }

    @Test
    void strangerCallingASinglePartySessionRightAfterItsCreationIsRoutedThroughSessionService() {
        PhoneNumber customer = TestNumbers.us();
        TestSession session = new TestSession(java.util.UUID.randomUUID().toString(), TestNumbers.us(), customer,
                null, "active", SessionMother.live().createdTime(), SessionMother.live().expiryTime(), false,
                new RoutingOptions(false, null, null, true, null, 0, null));
        PhoneNumber stranger = TestNumbers.us();
        FakeSessionService.get().knowsForAnyCaller(session, stranger);

        // The index has not read SessionCreated yet: session-service's answer for the stranger is learnt, and the
        // session's any-caller route connects the stranger to its party.
        assertThat(xml(post(ANSWER, answer(callUuid(), stranger, session.virtualNumber()))))
                .isEqualTo(dialTo(session, customer));
        assertThat(FakeSessionService.get().requests(session.virtualNumber(), stranger)).isEqualTo(1);
    }

    @Test
    void slowSessionServiceDoesNotHoldTheAnswerPastItsTimeout() {
        TestSession session = SessionMother.live();
        FakeSessionService.get().knows(session, Duration.ofSeconds(3));

        long started = System.nanoTime();
        String xml = xml(post(ANSWER, answer(callUuid(), session, true)));

        assertThat(xml).isEqualTo(REJECTED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(counter("veil.router.route.lookups", "outcome", "failed")).isPositive();
    }

    @Test
    void answerLatencyIsMeasuredWithAHistogram() {
        TestSession session = created(SessionMother.live());
        post(ANSWER, answer(callUuid(), session, true)).expectStatus().isOk();

        assertThat(meters.get("veil.router.answer.latency").timer().count()).isPositive();
        String scrape = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("veil_router_answer_latency_seconds_bucket", "veil_calls_routed_total");
    }
}
