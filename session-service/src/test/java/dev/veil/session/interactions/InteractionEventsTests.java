package dev.veil.session.interactions;

import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallerBlocked;
import dev.veil.events.CallLeg;
import dev.veil.events.InteractionStarted;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InteractionEventsTests extends SessionServiceTestSupport {

    @Test
    void callEventsDriveStatusAndBillingDrivesTotalsOnceEvenWhenRedelivered() {
        String session = newSession("+14155550121", "+14155550122");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plusSeconds(65);
        String call = UUID.randomUUID().toString();

        // call-router's CallerBlocked (keyed by virtual number, of no session) shares the topic and is skipped.
        CallerBlocked blocked = new CallerBlocked(ACCOUNT, "+14155552000", UUID.randomUUID().toString(),
                "AAAAAAAAAAAAAAAAAAAAAA", "US", 5, start.plusSeconds(900), start);
        EventEnvelope blockedEnvelope = EventEnvelope.of(blocked.eventType(), "call-router", Instant.now(),
                blocked.key(), "b");
        publish(blocked, blockedEnvelope);
        publish(new InteractionStarted(session, ACCOUNT, call, PartyRole.FIRST_PARTY, start));
        JsonNode live = awaitSession(session, s -> s.get("status").asString().equals("in-progress"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM consumed_events WHERE "
                + "consumer = 'session-service.calls' AND event_id = '" + blockedEnvelope.id() + "'") == 1);
        assertThat(live.get("interaction").isArray()).isTrue();
        assertThat(live.get("interaction")).hasSize(1);
        assertThat(live.get("interaction").get(0).get("start_time").asString()).isEqualTo(plivoTime(start));
        assertThat(live.get("interaction").get(0).get("end_time").asString()).isEmpty();

        // Billing overtakes the call topic: the charge lands before the call has ended.
        CallBilled charge = new CallBilled(session, ACCOUNT, call, new BigDecimal("0.0100"), "USD", 240, 2);
        EventEnvelope envelope = EventEnvelope.of(charge.eventType(), "billing-service", Instant.now(), session,
                "c");
        publish(charge, envelope);
        JsonNode billed = awaitSession(session, s -> s.get("total_call_count").asInt() == 1);
        assertThat(billed.get("status").asString()).isEqualTo("in-progress");

        publish(charge, envelope);
        // The same charge again under a new event id (billing replayed it) must not count twice either.
        publish(charge);
        publish(new CallEnded(session, ACCOUNT, call, start, end, legs(call, 65)));
        JsonNode ended = awaitSession(session, s -> s.get("status").asString().equals("active"));
        assertThat(ended.get("last_interaction_time").asString()).isEqualTo(plivoTime(end));

        String second = UUID.randomUUID().toString();
        Instant secondStart = end.plusSeconds(30);
        publish(new InteractionStarted(session, ACCOUNT, second, PartyRole.SECOND_PARTY, secondStart),
                new CallEnded(session, ACCOUNT, second, secondStart, secondStart.plusSeconds(10), legs(second, 10)),
                new CallBilled(session, ACCOUNT, second, new BigDecimal("0.0100"), "USD", 120, 2));
        JsonNode totals = awaitSession(session, s -> s.get("total_call_count").asInt() >= 2
                && !s.get("last_interaction_time").asString().equals(plivoTime(end)));

        // The duplicates were on the billing partition ahead of the second charge, so they have been consumed.
        assertThat(totals.get("total_call_count").asInt()).isEqualTo(2);
        assertThat(totals.get("total_call_amount").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(totals.get("total_call_amount").toString()).isEqualTo("0.02");
        assertThat(totals.get("total_session_amount").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(totals.get("total_call_billed_duration").asInt()).isEqualTo(360);
        assertThat(totals.get("last_interaction_time").asString()).isEqualTo(plivoTime(secondStart.plusSeconds(10)));
        assertThat(totals.get("status").asString()).isEqualTo("active");

        JsonNode first = totals.get("interaction").get(0);
        assertThat(first.propertyNames()).containsExactly("start_time", "end_time", "type", "total_call_amount",
                "call_billed_duration", "total_call_count", "duration");
        assertThat(first.get("start_time").asString()).isEqualTo(plivoTime(start));
        assertThat(first.get("end_time").asString()).isEqualTo(plivoTime(end));
        assertThat(first.get("type").asString()).isEqualTo("call");
        assertThat(first.get("total_call_amount").isNumber()).isTrue();
        assertThat(first.get("total_call_amount").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(first.get("call_billed_duration").asInt()).isEqualTo(240);
        assertThat(first.get("total_call_count").asInt()).isEqualTo(2);
        assertThat(first.get("duration").asInt()).isEqualTo(65);
        assertThat(totals.get("interaction").get(1).get("duration").asInt()).isEqualTo(10);
    }

    @Test
    void chargeArrivingBeforeTheCallStartedEndsInTheSameInteraction() {
        String session = newSession("+14155550123", "+14155550124");
        String call = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        publish(new CallBilled(session, ACCOUNT, call, new BigDecimal("0.00500"), "USD", 60, 1));
        awaitSession(session, s -> s.get("total_call_count").asInt() == 1);
        publish(new InteractionStarted(session, ACCOUNT, call, PartyRole.SECOND_PARTY, start),
                new CallEnded(session, ACCOUNT, call, start, start.plusSeconds(20), legs(call, 20)));

        JsonNode done = awaitSession(session, s -> !s.get("last_interaction_time").asString().isEmpty());
        assertThat(done.get("status").asString()).isEqualTo("active");
        assertThat(done.get("interaction")).hasSize(1);
        JsonNode interaction = done.get("interaction").get(0);
        assertThat(interaction.get("start_time").asString()).isEqualTo(plivoTime(start));
        assertThat(interaction.get("duration").asInt()).isEqualTo(20);
        assertThat(interaction.get("total_call_amount").toString()).isEqualTo("0.005");
        assertThat(interaction.get("total_call_count").asInt()).isEqualTo(1);
    }

    private String newSession(String first, String second) {
        return createSession(Map.of("first_party", first, "second_party", second)).get("session_uuid").asString();
    }

    private JsonNode awaitSession(String session, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> getSession(session), condition::test);
    }

    private static List<CallLeg> legs(String call, int seconds) {
        return List.of(
                new CallLeg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", seconds, seconds,
                        "NORMAL_CLEARING"),
                new CallLeg(call + "-b", LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "US", seconds, seconds,
                        "NORMAL_CLEARING"));
    }

    static String plivoTime(Instant instant) {
        return instant.toString().replace('T', ' ').replace("Z", " +0000 UTC");
    }
}
