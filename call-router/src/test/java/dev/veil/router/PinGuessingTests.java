package dev.veil.router;

import dev.veil.events.CallerBlocked;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.SessionMother.TestSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.veil.router.PinAuthenticationTests.INCORRECT;
import static dev.veil.router.PinAuthenticationTests.digits;
import static dev.veil.router.PinAuthenticationTests.getDigits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * PIN guessing protection, through the webhooks: wrong PINs of one caller counted across a number's sessions block
 * it there ({@code veil.router.pin-guessing.max-failures} is 3 in the tests), never a registered party.
 */
class PinGuessingTests extends RouterIntegrationTest {

    static final String HANG_UP_AFTER_INCORRECT = "<Response><Play>" + INCORRECT + "</Play><Hangup/></Response>";

    @Test
    void wrongPinsAcrossTheNumbersSessionsBlockTheCallerThereButNeverARegisteredParty() {
        TestSession open = created(SessionMother.live()
                .with(SessionMother.withPin(SessionMother.pins("1111", "2222", false))));
        // A session on the same number whose parties are asked for their PIN too.
        TestSession forced = created(SessionMother.live().on(open.virtualNumber())
                .with(SessionMother.withPin(SessionMother.pins("3333", "4444", true))));
        PhoneNumber guesser = TestNumbers.us();
        double blockedBefore = counter("veil.pin.callers_blocked");

        // The forced session's party types wrong PINs beyond the limit: never counted.
        for (int call = 0; call < 2; call++) {
            String partyCall = callUuid();
            assertThat(xml(post("/carrier/plivo/answer", answer(partyCall, forced, true))))
                    .isEqualTo(getDigits(1, null));
            xml(post("/carrier/plivo/pin?attempt=1", digits(partyCall, forced.first(), forced, "0001#")));
            xml(post("/carrier/plivo/pin?attempt=2", digits(partyCall, forced.first(), forced, "0002#")));
        }
        // A stranger: two wrong PINs on one call, a third on another (each try of a retried webhook counts once).
        String first = callUuid();
        assertThat(xml(post("/carrier/plivo/answer", answer(first, guesser, open.virtualNumber()))))
                .isEqualTo(getDigits(1, null));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(first, guesser, open, "9999#"))))
                .isEqualTo(getDigits(2, INCORRECT));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(first, guesser, open, "9999#"))))
                .isEqualTo(getDigits(2, INCORRECT));
        assertThat(xml(post("/carrier/plivo/pin?attempt=2", digits(first, guesser, open, "8888#"))))
                .isEqualTo(getDigits(3, INCORRECT));
        String second = callUuid();
        post("/carrier/plivo/answer", answer(second, guesser, open.virtualNumber())).expectStatus().isOk();
        Instant blockedAt = Instant.now();
        String blocking = xml(post("/carrier/plivo/pin?attempt=1", digits(second, guesser, open, "7777#")));

        assertThat(blocking).as("the try reaching the limit ends the call").isEqualTo(HANG_UP_AFTER_INCORRECT);
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(second, guesser, open, "7777#"))))
                .as("its retry is answered the same").isEqualTo(blocking);
        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), guesser, open.virtualNumber()))))
                .as("blocked: rejected without a PIN prompt").isEqualTo(REJECTED);
        assertThat(xml(post("/carrier/plivo/pin?attempt=3", digits(first, guesser, open, "1111#"))))
                .as("even the right PIN on a call prompted before the block").isEqualTo(REJECTED);
        assertThat(xml(post("/carrier/plivo/answer", answer(callUuid(), TestNumbers.us(), open.virtualNumber()))))
                .as("another caller is still asked").isEqualTo(getDigits(1, null));
        String partyCall = callUuid();
        assertThat(xml(post("/carrier/plivo/answer", answer(partyCall, forced, true)))).isEqualTo(getDigits(1, null));
        assertThat(xml(post("/carrier/plivo/pin?attempt=1", digits(partyCall, forced.first(), forced, "3333#"))))
                .as("the party is never blocked").isEqualTo(dialTo(forced, forced.second()));

        // The guesser's calls end: their checks failed once each, whatever ended them.
        for (String call : List.of(first, second)) {
            post("/carrier/plivo/hangup", Map.of("CallUUID", call, "HangupCause", "NORMAL_CLEARING", "Duration", "9"))
                    .expectStatus().isOk();
        }

        awaitOutboxPublished();
        List<CallerBlocked> blocks = Kafka.callEvents(open.virtualNumber().e164()).stream()
                .filter(CallerBlocked.class::isInstance).map(CallerBlocked.class::cast).toList();
        assertThat(blocks).hasSize(1);
        CallerBlocked block = blocks.getFirst();
        assertThat(block.callerIndex()).isEqualTo(TestKeys.KEYS.blindIndex().of(guesser));
        assertThat(block.callerCountry()).isEqualTo("US");
        assertThat(block.accountId()).isEqualTo(SessionMother.ACCOUNT);
        assertThat(block.callUuid()).isEqualTo(second);
        assertThat(block.failedPins()).isEqualTo(3);
        assertThat(block.blockedUntil()).isCloseTo(blockedAt.plus(Duration.ofMinutes(30)),
                within(30, ChronoUnit.SECONDS));
        // The stranger heard either session's prompt: its checks' events name that session.
        assertThat(Stream.concat(Kafka.callEvents(open.uuid()).stream(), Kafka.callEvents(forced.uuid()).stream())
                .filter(PinAuthenticated.class::isInstance).map(PinAuthenticated.class::cast)
                .filter(e -> e.callUuid().equals(first) || e.callUuid().equals(second)))
                .extracting(PinAuthenticated::outcome).containsExactly(PinOutcome.FAILED, PinOutcome.FAILED);
        assertThat(counter("veil.pin.callers_blocked")).isEqualTo(blockedBefore + 1);
        assertThat(db.sql("SELECT caller_index FROM pin_guessing WHERE virtual_number = :vn")
                .bind("vn", open.virtualNumber().e164()).map(row -> row.get(0, String.class)).all().collectList()
                .block()).containsExactly(TestKeys.KEYS.blindIndex().of(guesser));
    }
}
