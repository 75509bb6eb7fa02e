package dev.veil.carrier.records;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.HangupCause;
import dev.veil.carrier.call.LegDirection;
import dev.veil.carrier.call.LegReport;
import dev.veil.carrier.call.LegStatus;
import dev.veil.platform.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.veil.carrier.TestNumbers.VN;
import static dev.veil.carrier.TestNumbers.callee;
import static dev.veil.carrier.TestNumbers.caller;
import static org.assertj.core.api.Assertions.assertThat;

class CallRecordsTests {

    private final CallRecords records = new CallRecords(new SimulatorProperties("http://app/answer",
            "http://app/hangup", "MAVEILCARRIER0000001", "token", Duration.ofSeconds(3), Duration.ofSeconds(120),
            Duration.ofSeconds(10), 2, "http://127.0.0.1:8090"));

    @Test
    void forgetsTheOldestCallsBeyondItsCapacityEverywhere() {
        String a = caller();
        String b = callee();
        CallReport first = answered(a, b, Instant.parse("2026-01-01T10:00:00Z"));
        CallReport second = answered(a, b, Instant.parse("2026-01-01T10:05:00Z"));
        CallReport third = answered(a, b, Instant.parse("2026-01-01T10:10:00Z"));

        records.add(first);
        records.add(second);
        records.add(third);

        assertThat(records.call(first.callUuid())).isEmpty();
        assertThat(records.call(third.callUuid())).contains(third);
        assertThat(records.phone(PhoneNumber.parse(a)).calls()).extracting(PhoneCall::callUuid)
                .containsExactly(second.callUuid(), third.callUuid());
        assertThat(records.phone(PhoneNumber.parse(b)).calls()).extracting(PhoneCall::callUuid)
                .containsExactly(second.callUuid(), third.callUuid());
    }

    @Test
    void phonesListCallsInTheOrderTheyStartedNotEnded() {
        String a = caller();
        String b = callee();
        CallReport later = answered(a, b, Instant.parse("2026-01-01T11:00:00Z"));
        CallReport earlier = answered(a, b, Instant.parse("2026-01-01T10:00:00Z"));

        records.add(later);
        records.add(earlier);

        PhoneCalls seen = records.phone(PhoneNumber.parse(b));
        assertThat(seen.calls()).extracting(PhoneCall::callUuid)
                .containsExactly(earlier.callUuid(), later.callUuid());
        assertThat(seen.calls().getFirst().direction()).isEqualTo(PhoneCall.Direction.INCOMING);
        assertThat(seen.calls().getFirst().callerIdShown()).isEqualTo(VN);
        assertThat(seen.calls().getFirst().duration()).isEqualTo(60);
        assertThat(records.phone(PhoneNumber.parse(a)).calls().getFirst().direction())
                .isEqualTo(PhoneCall.Direction.OUTGOING);
    }

    private static CallReport answered(String a, String b, Instant start) {
        String uuid = UUID.randomUUID().toString();
        Instant answered = start.plusSeconds(3);
        Instant end = answered.plusSeconds(60);
        LegReport aLeg = new LegReport(uuid, LegDirection.INBOUND, a, VN, a, LegStatus.COMPLETED, 63, 63,
                HangupCause.NORMAL_CLEARING, start, start, end, List.of(), List.of());
        LegReport bLeg = new LegReport(UUID.randomUUID().toString(), LegDirection.OUTBOUND, VN, b, VN,
                LegStatus.COMPLETED, 60, 60, HangupCause.NORMAL_CLEARING, start, answered, end, List.of(), List.of());
        return new CallReport(uuid, null, LegDirection.INBOUND, a, VN, LegStatus.COMPLETED,
                HangupCause.NORMAL_CLEARING, "<Response/>", List.of(aLeg, bLeg), List.of(), List.of(), List.of(),
                List.of(), null, start, end);
    }
}
