package dev.veil.router.call;

import dev.veil.router.call.LiveCalls.Answer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LiveCallsTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aCanonicalUuidIsItsOwnKeyAndAnyOtherTextIsHashed() {
        UUID uuid = UUID.randomUUID();
        String text = uuid.toString();

        assertThat(UuidTable.high(text)).isEqualTo(uuid.getMostSignificantBits());
        assertThat(UuidTable.low(text)).isEqualTo(uuid.getLeastSignificantBits());
        assertThat(List.of(UuidTable.high(text.toUpperCase()), UuidTable.low(text.toUpperCase())))
                .as("the same uuid in capitals is another text, so another key")
                .isNotEqualTo(List.of(UuidTable.high(text), UuidTable.low(text)));
        String nil = new UUID(0, 0).toString();
        assertThat(List.of(UuidTable.high(nil), UuidTable.low(nil))).as("the nil uuid is not the empty slot's key")
                .isNotEqualTo(List.of(0L, 0L));
    }

    @Test
    void oneSweepRemovesEveryEntryDueAndKeepsTheOthers() {
        UuidTable table = new UuidTable(1);
        for (int i = 0; i < 10_000; i++) {
            table.set(table.add(UuidTable.high("call-" + i), UuidTable.low("call-" + i)), 0, i % 3 == 0 ? 5 : 10);
        }

        table.removeAtMost(0, 5);

        assertThat(table.size()).isEqualTo(6_666);
        for (int i = 0; i < 10_000; i++) {
            int entry = table.find(UuidTable.high("call-" + i), UuidTable.low("call-" + i));
            if (i % 3 == 0) {
                assertThat(entry).as("call-%d is due", i).isNegative();
            } else {
                assertThat(table.get(entry, 0)).as("call-%d", i).isEqualTo(10);
            }
        }
    }

    @Test
    void aSessionHasOneLiveCallUntilItIsReleasedOrStale() {
        LiveCalls calls = new LiveCalls();
        String session = UUID.randomUUID().toString();

        assertThat(calls.claim(session, "A", NOW, NOW.plusSeconds(60))).isTrue();
        assertThat(calls.claim(session, "A", NOW, NOW.plusSeconds(60))).as("the same call again").isTrue();
        assertThat(calls.claim(session, "B", NOW.plusSeconds(59), NOW.plusSeconds(120))).isFalse();
        calls.release(session, "B");
        assertThat(calls.claim(session, "B", NOW, NOW.plusSeconds(120))).as("B released nothing").isFalse();
        assertThat(calls.claim(session, "B", NOW.plusSeconds(60), NOW.plusSeconds(120))).as("A is stale").isTrue();
        calls.release(session, "B");
        assertThat(calls.claim(session, "C", NOW, NOW.plusSeconds(60))).isTrue();
    }

    @Test
    void aRestoredClaimDoesNotReplaceOneInMemory() {
        LiveCalls calls = new LiveCalls();
        String session = UUID.randomUUID().toString();
        calls.claim(session, "A", NOW, NOW.plusSeconds(60));

        calls.restore(session, "B", NOW.plusSeconds(60));
        calls.restore("other", "C", NOW.plusSeconds(60));

        assertThat(calls.claim(session, "B", NOW, NOW.plusSeconds(60))).isFalse();
        assertThat(calls.claim("other", "D", NOW, NOW.plusSeconds(60))).isFalse();
        assertThat(calls.claim("other", "C", NOW, NOW.plusSeconds(60))).isTrue();
    }

    @Test
    void answersAreKnownUntilForgottenOrSwept() {
        LiveCalls calls = new LiveCalls();
        calls.answered("A", Answer.BRIDGED, NOW.plusSeconds(60));
        calls.answered("B", Answer.BUSY, NOW.plusSeconds(600));

        assertThat(calls.answerOf("A")).isEqualTo(Answer.BRIDGED);
        assertThat(calls.answerOf("B")).isEqualTo(Answer.BUSY);
        assertThat(calls.answerOf("C")).isEqualTo(Answer.NONE);
        calls.sweep(NOW.plusSeconds(60));
        assertThat(calls.answerOf("A")).isEqualTo(Answer.NONE);
        assertThat(calls.answerOf("B")).isEqualTo(Answer.BUSY);
        calls.forget("B");
        assertThat(calls.answerOf("B")).isEqualTo(Answer.NONE);
    }

    /**
     * Many sessions and calls, claimed, released and swept at random, the tables growing and shrinking: the claims
     * and answers are those a map of each would hold.
     */
    @Test
    void manyClaimsAndAnswersBehaveAsMapsOfThemWould() {
        LiveCalls calls = new LiveCalls();
        Map<String, String> claimModel = new HashMap<>();
        Map<String, Long> staleModel = new HashMap<>();
        Map<String, Answer> answerModel = new HashMap<>();
        Map<String, Long> forgetModel = new HashMap<>();
        List<String> sessions = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            sessions.add(i % 10 == 0 ? "session-" + i : new UUID(random.nextLong(), random.nextLong()).toString());
        }
        long now = NOW.toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            now += 10;
            // Busy stretches of claims, then quiet stretches of hangups: the tables grow and shrink.
            boolean busy = i % 40_000 < 25_000;
            String session = sessions.get(random.nextInt(busy ? sessions.size() : 50));
            String call = "call-" + random.nextInt(busy ? 1_000_000 : 100);
            Instant at = Instant.ofEpochMilli(now);
            Instant staleAt = at.plusSeconds(1 + random.nextInt(100));
            switch (random.nextInt(busy ? 4 : 10)) {
                case 0, 1 -> {
                    String holder = claimModel.get(session);
                    boolean expected = holder == null || holder.equals(call) || staleModel.get(session) <= now;
                    if (expected) {
                        claimModel.put(session, call);
                        staleModel.put(session, staleAt.toEpochMilli());
                    }
                    assertThat(calls.claim(session, call, at, staleAt)).as("claim %d", i).isEqualTo(expected);
                }
                case 2 -> {
                    Answer answer = random.nextBoolean() ? Answer.BRIDGED : Answer.BUSY;
                    calls.answered(call, answer, staleAt);
                    answered.add(call);
                    answerModel.put(call, answer);
                    forgetModel.put(call, staleAt.toEpochMilli());
                }
                case 3 -> assertThat(calls.answerOf(call)).as("answer %d", i)
                        .isEqualTo(answerModel.getOrDefault(call, Answer.NONE));
                case 4, 5, 6 -> {
                    String holder = claimModel.get(session);
                    String releasing = holder != null && random.nextBoolean() ? holder : call;
                    calls.release(session, releasing);
                    if (releasing.equals(holder)) {
                        claimModel.remove(session);
                        staleModel.remove(session);
                    }
                }
                case 7, 8 -> {
                    calls.forget(call);
                    answerModel.remove(call);
                    forgetModel.remove(call);
                }
                default -> {
                    calls.sweep(at);
                    long sweptAt = now;
                    staleModel.values().removeIf(stale -> stale <= sweptAt);
                    claimModel.keySet().retainAll(staleModel.keySet());
                    forgetModel.values().removeIf(forget -> forget <= sweptAt);
                    answerModel.keySet().retainAll(forgetModel.keySet());
                }
            }
        }
        Instant end = Instant.ofEpochMilli(now);
        for (String session : sessions) {
            String holder = claimModel.get(session);
            assertThat(calls.claim(session, "newcomer", end, end))
                    .as("session %s", session).isEqualTo(holder == null || staleModel.get(session) <= now);
        }
        for (String call : answered) {
            assertThat(calls.answerOf(call)).as(call).isEqualTo(answerModel.getOrDefault(call, Answer.NONE));
        }
    }
}
