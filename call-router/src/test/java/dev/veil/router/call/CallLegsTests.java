package dev.veil.router.call;

import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.call.CallReport.CallHungUp;
import dev.veil.router.call.CallReport.DialAnswered;
import dev.veil.router.call.CallReport.DialCompleted;
import dev.veil.router.call.CallReport.DialEnded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallLegsTests {

    static final Instant ANSWERED_AT = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant HUNG_UP_AT = Instant.parse("2026-03-01T10:01:30Z");

    /** The second party (London) calls the first (San Francisco). */
    ConnectedCall connected = new ConnectedCall("session-1", "MA1", PartyRole.SECOND_PARTY, "GB",
            LegDirection.INBOUND, PhoneNumber.parse("+14155550190"), PhoneNumber.parse("+14155550123"), 3600, 45,
            null, null, null);

    @Test
    void answeredCallHasBothLegsWithTheirDurationsPartiesAndCountries() {
        CallHungUp hungUp = new CallHungUp("A", 70, 70, "NORMAL_CLEARING",
                Instant.parse("2026-03-01T10:00:01Z"), Instant.parse("2026-03-01T10:01:11Z"));
        List<CallReport> dial = List.of(new DialAnswered("A", "B"), new DialCompleted("A", "B", "completed",
                "NORMAL_CLEARING"), new DialEnded("A", "B", 65, 64, "NORMAL_CLEARING"));

        CallEnded ended = CallLegs.ended(connected, hungUp, dial, ANSWERED_AT, HUNG_UP_AT);

        assertThat(ended.sessionUuid()).isEqualTo("session-1");
        assertThat(ended.accountId()).isEqualTo("MA1");
        assertThat(ended.callUuid()).isEqualTo("A");
        assertThat(ended.startTime()).isEqualTo(Instant.parse("2026-03-01T10:00:01Z"));
        assertThat(ended.endTime()).isEqualTo(Instant.parse("2026-03-01T10:01:11Z"));
        assertThat(ended.legs()).containsExactly(
                new CallLeg("A", LegDirection.INBOUND, PartyRole.SECOND_PARTY, "GB", 70, 70, "NORMAL_CLEARING"),
                new CallLeg("B", LegDirection.OUTBOUND, PartyRole.FIRST_PARTY, "US", 65, 64, "NORMAL_CLEARING"));
    }

    @Test
    void unansweredDialIsAnOutboundLegWithZeroDurationsAndTheDialsCause() {
        CallHungUp hungUp = new CallHungUp("A", 30, 0, "NORMAL_CLEARING", null, null);
        List<CallReport> dial = List.of(new DialCompleted("A", "B", "no-answer", "NO_ANSWER"));

        CallEnded ended = CallLegs.ended(connected, hungUp, dial, ANSWERED_AT, HUNG_UP_AT);

        assertThat(ended.legs().get(1)).isEqualTo(
                new CallLeg("B", LegDirection.OUTBOUND, PartyRole.FIRST_PARTY, "US", 0, 0, "NO_ANSWER"));
    }

    @Test
    void withoutDialReportsTheOutboundLegGetsAnIdOfItsOwnAndTheTimesFallBackToArrivals() {
        CallHungUp hungUp = new CallHungUp("A", 3, 0, "ORIGINATOR_CANCEL", null, null);

        CallEnded ended = CallLegs.ended(connected, hungUp, List.of(), ANSWERED_AT, HUNG_UP_AT);

        assertThat(ended.startTime()).isEqualTo(ANSWERED_AT);
        assertThat(ended.endTime()).isEqualTo(HUNG_UP_AT);
        assertThat(ended.legs()).extracting(CallLeg::callUuid).containsExactly("A", "A-outbound");
        assertThat(ended.legs().get(1).billDurationSeconds()).isZero();
        assertThat(ended.legs().get(1).hangupCause()).isEqualTo("ORIGINATOR_CANCEL");
    }
}
