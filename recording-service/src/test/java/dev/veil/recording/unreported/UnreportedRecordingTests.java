package dev.veil.recording.unreported;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.CallerBlocked;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyNumber;
import dev.veil.events.PartyRole;
import dev.veil.events.RecordingFailed;
import dev.veil.events.RecordingStarted;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionState;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.recording.MediaServer;
import dev.veil.recording.RecordingIntegration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A recorded call the carrier never reports a recording for, on a simulated clock (the grace period is the default
 * 10 minutes): {@code RecordingFailed} with no recording id and reason {@code recording-not-reported}, once, after
 * the grace period and not before; nothing for a call whose recording was reported, an unanswered call, or a call
 * of a session that does not record; {@code CallerBlocked} on the call topic is skipped.
 */
class UnreportedRecordingTests extends RecordingIntegration {

    private static final String ACCOUNT = "MAUNREPORTED00000001";
    private static final Duration PAST_GRACE = Duration.ofMinutes(11);

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /**
     * The calls are ended with the clock set back 11 minutes, and the clock is then set to now: the job sees their
     * grace period as run out. (Setting the clock forward instead would stamp the outbox's events in the future.)
     */
    @Test
    void aRecordedCallWithoutARecordingFailsOnceAfterTheGracePeriod() {
        Call silent = Call.of(ACCOUNT);
        Call reported = Call.of(ACCOUNT);
        Call recent = Call.of(ACCOUNT);
        double failuresBefore = counter("veil.recordings.failures", "reason", "recording-not-reported");
        sessionCreated(silent.sessionUuid(), true);
        sessionCreated(reported.sessionUuid(), true);
        sessionCreated(recent.sessionUuid(), true);

        clock.advance(PAST_GRACE.negated());
        callEnded(silent, true);
        callEnded(reported, true);
        postSigned(reported, started(reported, MediaServer.get().serve(reported.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        clock.reset();
        callEnded(recent, true);

        RecordingFailed failed = (RecordingFailed) events(silent.sessionUuid(), 1).getFirst();
        assertThat(failed.recordingId()).isNull();
        assertThat(failed.reason()).isEqualTo("recording-not-reported");
        assertThat(failed.callUuid()).isEqualTo(silent.callUuid());
        assertThat(failed.accountId()).isEqualTo(ACCOUNT);
        await().atMost(WAIT).until(() -> !expected(reported.callUuid()));
        assertThat(expected(silent.callUuid())).isFalse();
        // Ended just now: within its grace period, still expected and not failed.
        assertThat(expected(recent.callUuid())).isTrue();
        await().atMost(WAIT).until(() -> counter("veil.recordings.failures", "reason", "recording-not-reported")
                == failuresBefore + 1);

        // The outbox publishes in order: once a later event is out, a second failure would be too.
        Call marker = Call.of(ACCOUNT);
        postSigned(marker, started(marker, MediaServer.get().serve(marker.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        events(marker.sessionUuid(), 1);
        assertThat(events(silent.sessionUuid(), 1)).hasSize(1);
        List<VeilEvent> reportedEvents = events(reported.sessionUuid(), 1);
        assertThat(reportedEvents.getFirst()).isInstanceOf(RecordingStarted.class);
        assertThat(events(recent.sessionUuid(), 0)).isEmpty();
        assertThat(counter("veil.recordings.failures", "reason", "recording-not-reported"))
                .isEqualTo(failuresBefore + 1);
    }

    @Test
    void expectsNothingOfAnUnansweredCallOrASessionThatDoesNotRecord() {
        Call unanswered = Call.of(ACCOUNT);
        Call unrecorded = Call.of(ACCOUNT);
        sessionCreated(unanswered.sessionUuid(), true);
        sessionCreated(unrecorded.sessionUuid(), false);

        EventEnvelope first = callEnded(unanswered, false);
        EventEnvelope second = callEnded(unrecorded, true);
        CallerBlocked blocked = new CallerBlocked(ACCOUNT, "+14155550000", UUID.randomUUID().toString(),
                "AAAAAAAAAAAAAAAAAAAAAA", "US", 5, Instant.now().plusSeconds(600), Instant.now());
        EventEnvelope blockedEnvelope = envelope(blocked, "call-router");
        double skippedBefore = skipped("CallerBlocked");
        publish(blocked, blockedEnvelope);

        await().atMost(WAIT).until(() -> consumed(UnreportedConfiguration.CONSUMER, first.id())
                && consumed(UnreportedConfiguration.CONSUMER, second.id())
                && skipped("CallerBlocked") > skippedBefore);
        assertThat(consumed(UnreportedConfiguration.CONSUMER, blockedEnvelope.id())).isFalse();
        assertThat(expected(unanswered.callUuid())).isFalse();
        assertThat(expected(unrecorded.callUuid())).isFalse();
    }

    /** Events of {@code type} the call consumer skipped (nothing to do, no marker). */
    private double skipped(String type) {
        var counter = meters.find("veil.events.consumed").tag("consumer", UnreportedConfiguration.CONSUMER)
                .tag("type", type).tag("outcome", "skipped").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Publishes the session's creation and waits until the service knows whether it records. */
    private void sessionCreated(String sessionUuid, boolean record) {
        Instant now = Instant.now();
        PartyNumber party = new PartyNumber("AAAAAAAAAAAAAAAAAAAAAA", "US", "dev.sealed");
        SessionCreated created = new SessionCreated(sessionUuid, new SessionState(ACCOUNT, party, party,
                "+14155550000", "active", 3600, 45, now, now.plus(Duration.ofHours(1)), record, "mp3"), now);
        EventEnvelope envelope = envelope(created, "session-service");
        publish(created, envelope);
        await().atMost(WAIT).until(() -> consumed("recording-service.sessions", envelope.id()));
    }

    /** Publishes the call's end (answered or not) and waits until the service applied it. */
    private EventEnvelope callEnded(Call call, boolean answered) {
        Instant end = clock.instant();
        int seconds = answered ? 30 : 0;
        CallEnded ended = new CallEnded(call.sessionUuid(), ACCOUNT, call.callUuid(), end.minusSeconds(40), end,
                List.of(new CallLeg(call.callUuid(), LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", 40, 40,
                                "NORMAL_CLEARING"),
                        new CallLeg("b-" + call.callUuid(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "US",
                                seconds, seconds, answered ? "NORMAL_CLEARING" : "NO_ANSWER")));
        EventEnvelope envelope = envelope(ended, "call-router");
        publish(ended, envelope);
        await().atMost(WAIT).until(() -> consumed(UnreportedConfiguration.CONSUMER, envelope.id()));
        return envelope;
    }

    private boolean expected(String callUuid) {
        return db.sql("SELECT count(*) FROM expected_recordings WHERE call_uuid = :c").bind("c", callUuid)
                .map(r -> r.get(0, Long.class)).one().block() > 0;
    }
}
