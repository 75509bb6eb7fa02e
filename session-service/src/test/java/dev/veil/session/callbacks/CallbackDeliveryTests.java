package dev.veil.session.callbacks;

import com.plivo.api.util.Utils;
import dev.veil.events.CallBilled;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.CallLegChanged;
import dev.veil.events.LegDirection;
import dev.veil.events.LegState;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.PinOutcome;
import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingDeleted;
import dev.veil.events.RecordingStarted;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.session.SessionServiceTestSupport;
import dev.veil.testsupport.CustomerEndpoint.Received;
import dev.veil.testsupport.CustomerEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Customer callbacks end to end inside session-service: events consumed from Kafka become stored callbacks, which
 * reach a customer endpoint that is down, then fails, then recovers — each exactly once, in order, and signed so
 * that the official Plivo Java SDK's validator accepts it.
 */
class CallbackDeliveryTests extends SessionServiceTestSupport {

    private final CustomerEndpoint customer = CustomerEndpoint.reserve();

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void stopCustomer() {
        customer.stop();
    }

    @Test
    void callbacksSurviveAnOutageAndArriveOnceInOrderSignedForTheOfficialValidator() throws Exception {
        JsonNode created = createSession(Map.of("first_party", "+14155550131", "second_party", "+14155550132",
                "callback_url", customer.url("/status"),
                "recording_callback_url", customer.url("/recording"), "recording_callback_method", "GET"));
        String session = created.get("session_uuid").asString();
        String vn = created.get("virtual_number").asString().replace("+", "");
        String call = UUID.randomUUID().toString();
        String bLeg = call + "-b";
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // The customer is down: nothing listens on its port yet.
        publish(new PinAuthenticated(session, ACCOUNT, call, PinOutcome.AUTHORIZED_CALLER, 0, t),
                leg(session, call, call, PartyRole.FIRST_PARTY, LegDirection.INBOUND, LegState.ANSWERED, null, t));
        CallLegChanged ringing = leg(session, call, bLeg, PartyRole.SECOND_PARTY, LegDirection.OUTBOUND,
                LegState.RINGING, null, t);
        EventEnvelope ringingEnvelope = EventEnvelope.of(ringing.eventType(), "call-router", t, session, "c");
        publish(ringing, ringingEnvelope);
        // Kafka redelivers the same event: it must not cause a second callback.
        publish(ringing, ringingEnvelope);
        publish(leg(session, call, bLeg, PartyRole.SECOND_PARTY, LegDirection.OUTBOUND, LegState.ANSWERED, null,
                        t.plusSeconds(3)),
                leg(session, call, bLeg, PartyRole.SECOND_PARTY, LegDirection.OUTBOUND, LegState.HUNG_UP,
                        "NORMAL_CLEARING", t.plusSeconds(65)),
                leg(session, call, call, PartyRole.FIRST_PARTY, LegDirection.INBOUND, LegState.HUNG_UP,
                        "NORMAL_CLEARING", t.plusSeconds(65)),
                new CallEnded(session, ACCOUNT, call, t, t.plusSeconds(65), List.of(
                        new CallLeg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", 65, 65,
                                "NORMAL_CLEARING"),
                        new CallLeg(bLeg, LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "US", 62, 62,
                                "NORMAL_CLEARING"))));
        awaitCallbacks(session, 6);
        // SessionPartiesHangup waits for the charge, which comes on another topic.
        publish(new CallBilled(session, ACCOUNT, call, new BigDecimal("0.0100"), "USD", 120, 2));
        awaitCallbacks(session, 7);
        String resource = "http://127.0.0.1:8080/v1/Account/" + ACCOUNT + "/Recording/rec-1/";
        publish(new RecordingStarted(session, ACCOUNT, call, "rec-1", "mp3", t.plusSeconds(3)),
                new RecordingCompleted(session, ACCOUNT, call, "rec-1", "mp3", 62, t.plusSeconds(3),
                        t.plusSeconds(65), 1000, resource,
                        "http://127.0.0.1:8080/v1/Account/" + ACCOUNT + "/Recording/rec-1.mp3"));
        awaitCallbacks(session, 9);

        // The first callback was tried while the customer was down; then it answers 500 three times, then 200.
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT attempts::bigint FROM callbacks WHERE session_uuid = '" + session + "' AND sequence_number = 1")
                >= 2);
        AtomicInteger failures = new AtomicInteger(3);
        customer.answer("/status", () -> failures.getAndDecrement() > 0 ? 500 : 200);
        customer.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered("/status").size() + delivered("/recording").size()
                == 9 && count("SELECT count(*) FROM callbacks WHERE session_uuid = '" + session
                + "' AND status = 'delivered'") == 9);

        List<Received> status = delivered("/status");
        List<Received> recording = delivered("/recording");
        assertThat(status).extracting(r -> r.params().get("EventName")).containsExactly(
                "SessionPinAuthenticationStatus", "SessionFirstPartyAnswer", "SessionSecondPartyRing",
                "SessionSecondPartyAnswer", "SessionSecondPartyHangup", "SessionFirstPartyHangup",
                "SessionPartiesHangup");
        assertThat(status).extracting(r -> r.params().get("SequenceNumber"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(recording).extracting(r -> r.params().get("EventName"))
                .containsExactly("SessionRecordingInitiated", "SessionRecordingCompleted");
        assertThat(recording).extracting(r -> r.params().get("SequenceNumber")).containsExactly("8", "9");
        assertThat(recording).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(status).allSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
        // The 500s all went to the first callback: a later one is never sent before an earlier one got through.
        assertThat(customer.received("/status")).filteredOn(r -> r.answered() == 500)
                .hasSize(3).allSatisfy(r -> assertThat(r.params().get("SequenceNumber")).isEqualTo("1"));

        for (Received r : customer.received("/status")) {
            assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.signature(), TOKEN, method(r), r.params()))
                    .as("signature of %s", r.params().get("EventName")).isTrue();
            assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.signature(), OTHER_TOKEN, method(r),
                    r.params())).isFalse();
            assertThat(r.mainSignature()).isEqualTo("null");
        }
        for (Received r : recording) {
            assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.signature(), TOKEN, method(r), r.params()))
                    .as("signature of %s", r.params().get("EventName")).isTrue();
        }

        Map<String, String> answer = status.get(1).params();
        assertThat(answer).containsEntry("From", "14155550131").containsEntry("To", "14155550132")
                .containsEntry("VirtualNumber", vn).containsEntry("SessionUUID", session)
                .containsEntry("EventTimestamp", CallbackRecorder.TIME.format(t));
        assertThat(status.get(0).params()).containsEntry("PinAuthenticationStatus", "AuthorizedCaller")
                .containsEntry("PinRetryCounter", "0");
        assertThat(status.get(4).params()).containsEntry("From", "14155550131")
                .containsEntry("PlivoHangupCause", "NORMAL_CLEARING").containsEntry("PlivoHangupCauseCode", "16");
        assertThat(status.get(6).params()).containsEntry("Amount", "0.01").containsEntry("BilledDuration", "120")
                .containsEntry("Duration", "65").containsEntry("From", "14155550131");
        assertThat(recording.get(1).params()).containsEntry("RecordingUUID", "rec-1")
                .containsEntry("RecordingResourceURL", resource).containsEntry("RecordingDuration", "62")
                .containsEntry("RecordingFormat", ".mp3").containsEntry("To", "14155550132");

        JsonNode log = deliveryLog(session);
        assertThat(log.get("objects")).hasSize(9);
        JsonNode first = log.get("objects").get(0);
        assertThat(first.get("sequence_number").asLong()).isEqualTo(1);
        assertThat(first.get("status").asString()).isEqualTo("delivered");
        JsonNode attempts = first.get("attempts");
        assertThat(attempts.size()).isGreaterThanOrEqualTo(5);
        assertThat(attempts.get(0).has("status_code")).isFalse();
        assertThat(attempts.get(0).get("error").asString()).isNotEmpty();
        assertThat(attempts.get(attempts.size() - 2).get("status_code").asInt()).isEqualTo(500);
        assertThat(attempts.get(attempts.size() - 1).get("status_code").asInt()).isEqualTo(200);
        assertThat(meters.get("veil.callbacks.delivered").tag("kind", "recording").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("veil.callbacks.retried").counter().count()).isGreaterThanOrEqualTo(4);

        // The interaction points at its recording until the recording is deleted.
        assertThat(getSession(session).get("interaction").get(0).get("recording_resource_url").asString())
                .isEqualTo(resource);
        publish(new RecordingDeleted(session, ACCOUNT, call, "rec-1", "api", t.plusSeconds(90)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !getSession(session).get("interaction").get(0).has("recording_resource_url"));
        assertThat(customer.received("/recording")).hasSize(2);
    }

    @Test
    void aCallbackFailingPastItsRetryWindowOrRefusedIsDeadLetteredAndCanBeReplayed() {
        AtomicInteger unavailable = new AtomicInteger(503);
        AtomicInteger gone = new AtomicInteger(410);
        customer.answer("/unavailable", unavailable::get);
        customer.answer("/gone", gone::get);
        customer.start();
        String retried = createSession(Map.of("first_party", "+14155550141", "second_party", "+14155550142",
                "callback_url", customer.url("/unavailable"))).get("session_uuid").asString();
        String refused = createSession(Map.of("first_party", "+14155550143", "second_party", "+14155550144",
                "callback_url", customer.url("/gone"))).get("session_uuid").asString();
        Instant t = Instant.now();
        publish(new PinAuthenticated(retried, ACCOUNT, UUID.randomUUID().toString(), PinOutcome.FAILED, 2, t),
                new PinAuthenticated(refused, ACCOUNT, UUID.randomUUID().toString(), PinOutcome.SUCCESS, 1, t));

        // A 4xx other than 429 is final at once; 503s are retried until the window (12 s in tests) has passed.
        await().atMost(Duration.ofSeconds(20)).until(() -> status(refused).equals("dead"));
        assertThat(customer.received("/gone")).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(retried).equals("dead"));
        int attempts = customer.received("/unavailable").size();
        assertThat(attempts).isGreaterThan(3);
        assertThat(meters.get("veil.callbacks.dead_lettered").counter().count()).isGreaterThanOrEqualTo(2);

        JsonNode dead = JSON.readTree(web.get().uri("/v1/Account/{id}/Masking/Callback/?status=dead", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        List<String> deadSessions = dead.get("objects").valueStream()
                .map(o -> o.get("session_uuid").asString()).toList();
        assertThat(deadSessions).contains(retried, refused);
        String deadCallback = dead.get("objects").valueStream()
                .filter(o -> o.get("session_uuid").asString().equals(retried)).findFirst().orElseThrow()
                .get("callback_uuid").asString();
        // Another tenant sees none of it.
        web.post().uri("/v1/Account/{id}/Masking/Callback/{uuid}/Replay/", OTHER_ACCOUNT, deadCallback)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN)).exchange().expectStatus().isNotFound();
        web.get().uri("/v1/Account/{id}/Masking/Session/{uuid}/Callback/", OTHER_ACCOUNT, retried)
                .headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN)).exchange().expectStatus().isNotFound();
        web.get().uri("/v1/Account/{id}/Masking/Callback/?status=lost", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(CallbackController.INVALID_STATUS);

        unavailable.set(200);
        gone.set(204);
        web.post().uri("/v1/Account/{id}/Masking/Callback/{uuid}/Replay/", ACCOUNT, deadCallback)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.replayed").isEqualTo(1);
        web.post().uri("/v1/Account/{id}/Masking/Session/{uuid}/Callback/Replay", ACCOUNT, refused)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.replayed").isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(retried).equals("delivered") && status(refused).equals("delivered"));
        assertThat(customer.received("/unavailable")).hasSize(attempts + 1);
        assertThat(customer.received("/gone")).hasSize(2);
        // Only dead callbacks are replayed.
        web.post().uri("/v1/Account/{id}/Masking/Callback/{uuid}/Replay/", ACCOUNT, deadCallback)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void aSubaccountsCallbackIsSignedWithItsTokenAndTheMainAccountsEvenWhenItsTokenPredatesEncryption()
            throws Exception {
        customer.start();
        JsonNode sub = JSON.readTree(web.post().uri("/admin/v1/accounts/{id}/subaccounts", ACCOUNT)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token")).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        String subId = sub.get("auth_id").asString();
        String subToken = sub.get("auth_token").asString();
        // As if the subaccount had been created before tokens were kept encrypted: only the hash is stored.
        db.sql("UPDATE accounts SET token_ciphertext = NULL, token_key_id = NULL WHERE auth_id = :id")
                .bind("id", subId).then().block();
        assertThat(count("SELECT count(*) FROM accounts WHERE auth_id = '" + subId
                + "' AND token_ciphertext IS NOT NULL")).isZero();
        byte[] body = web.post().uri(SESSIONS_PATH, subId).headers(h -> h.setBasicAuth(subId, subToken))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_party", "+14155550171", "second_party", "+14155550172",
                        "callback_url", customer.url("/sub")))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String session = JSON.readTree(body).get("session_uuid").asString();
        // Its first authenticated request stored the encrypted copy (never the token in clear).
        assertThat(db.sql("SELECT token_ciphertext FROM accounts WHERE auth_id = :id").bind("id", subId)
                .map(r -> r.get(0, String.class)).one().block()).isNotNull().doesNotContain(subToken);

        publish(new PinAuthenticated(session, subId, UUID.randomUUID().toString(), PinOutcome.SUCCESS, 0,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> customer.received("/sub").size() == 1);
        Received r = customer.received("/sub").getFirst();
        assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.signature(), subToken, method(r), r.params()))
                .isTrue();
        assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.mainSignature(), TOKEN, method(r), r.params()))
                .isTrue();
        assertThat(Utils.validateSignatureV3(r.url(), r.nonce(), r.signature(), TOKEN, method(r), r.params()))
                .isFalse();
    }

    @Test
    void anAttemptCutShortByACrashIsMadeAgainWhenItsLeaseRunsOut() {
        customer.answer("/crash", () -> 200);
        customer.start();
        String session = createSession(Map.of("first_party", "+14155550151", "second_party", "+14155550152",
                "callback_url", customer.url("/crash"))).get("session_uuid").asString();
        // A replica claimed three callbacks of the session and died mid-attempt: the rows are leased (the attempt
        // counted, due again when the lease ends) and nothing was sent.
        Instant t = Instant.now();
        Flux.range(1, 3).concatMap(n -> db.sql("""
                        INSERT INTO callbacks (callback_uuid, session_uuid, sequence_number, account_id,
                            main_account_id, kind, event_name, url, method, params, event_time, created_at, status,
                            attempts, next_attempt_at, retry_from)
                        VALUES (gen_random_uuid(), :s, :n, :a, :a, 'status', 'SessionTimeout', :url, 'POST', :params,
                                now(), now(), 'pending', 1, now() + interval '1500 milliseconds', now())""")
                        .bind("s", UUID.fromString(session)).bind("n", (long) n).bind("a", ACCOUNT)
                        .bind("url", customer.url("/crash"))
                        .bind("params", keys.data().encrypt("{\"EventName\":\"SessionTimeout\",\"SequenceNumber\":\""
                                + n + "\"}", CallbackRecorder.PARAMS.context()))
                        .then())
                .then().block();

        await().atMost(Duration.ofSeconds(20)).until(() -> customer.received("/crash").size() == 3);
        assertThat(Duration.between(t, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(customer.received("/crash")).extracting(r -> r.params().get("SequenceNumber"))
                .containsExactly("1", "2", "3");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM callbacks WHERE session_uuid = '"
                + session + "' AND status = 'delivered' AND attempts = 2") == 3);
    }

    /**
     * The method as the official validator needs it: plivo-java 5.46.3 tells GET from POST with {@code ==}, so a
     * method string read from a request (not the interned literal) would be taken for POST.
     */
    private static String method(Received r) {
        return r.method().intern();
    }

    private List<Received> delivered(String path) {
        return customer.received(path).stream().filter(r -> r.answered() == 200).toList();
    }

    private void awaitCallbacks(String session, long expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM callbacks WHERE session_uuid = '" + session + "'") == expected);
    }

    private String status(String session) {
        return db.sql("SELECT status FROM callbacks WHERE session_uuid = :s ORDER BY sequence_number LIMIT 1")
                .bind("s", UUID.fromString(session)).map(r -> r.get(0, String.class)).one().defaultIfEmpty("")
                .block();
    }

    private JsonNode deliveryLog(String session) {
        return JSON.readTree(web.get().uri("/v1/Account/{id}/Masking/Session/{uuid}/Callback/", ACCOUNT, session)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN)).accept(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static CallLegChanged leg(String session, String call, String leg, PartyRole party,
            LegDirection direction, LegState state, String cause, Instant at) {
        return new CallLegChanged(session, ACCOUNT, call, leg, party, direction, state, cause, at);
    }
}
