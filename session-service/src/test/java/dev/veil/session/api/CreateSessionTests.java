package dev.veil.session.api;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.SessionCreated;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.FakeAllocationService.Reply;
import dev.veil.session.SessionServiceTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CreateSessionTests extends SessionServiceTestSupport {

    static final String FIRST = "+14155550101";
    static final String SECOND = "+14155550102";
    static final DateTimeFormatter PLIVO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    /** The keys of the session object in PLIVO_API.md §1.3's sample, then the newer ones it lists. */
    static final List<String> SESSION_KEYS = List.of("first_party", "second_party", "virtual_number", "status",
            "initiate_call_to_first_party", "session_uuid", "callback_url", "callback_method", "created_time",
            "modified_time", "expiry_time", "duration", "amount", "call_time_limit", "ring_timeout",
            "first_party_play_url", "second_party_play_url", "record", "record_file_format",
            "recording_callback_url", "recording_callback_method", "interaction", "total_call_amount",
            "total_call_count", "total_call_billed_duration", "total_session_amount", "last_interaction_time",
            "unknown_caller_play", "is_pin_authentication_required", "generate_pin", "generate_pin_length",
            "first_party_pin", "second_party_pin", "pin_prompt_play", "pin_retry", "pin_retry_wait",
            "incorrect_pin_play", "create_session_with_single_party", "virtual_number_cooloff_period",
            "force_pin_authentication");

    @Autowired
    MeterRegistry meters;

    @Test
    void createAnswers201InPlivosShapeWithTheRightJsonTypes() {
        int allocationsBefore = ALLOCATOR.requests().size();
        Instant before = Instant.now().minusSeconds(1);

        JsonNode created = createSession(Map.of("first_party", FIRST, "second_party", "14155550102"));

        assertThat(created.propertyNames())
                .containsExactly("api_id", "session_uuid", "virtual_number", "message", "session");
        UUID.fromString(created.get("api_id").asString());
        String uuid = created.get("session_uuid").asString();
        UUID.fromString(uuid);
        String virtualNumber = created.get("virtual_number").asString();
        assertThat(virtualNumber).startsWith("+1");
        assertThat(created.get("message").asString()).isEqualTo("Session created");

        JsonNode s = created.get("session");
        assertThat(s.propertyNames()).containsExactlyElementsOf(SESSION_KEYS);
        assertThat(s.get("first_party").asString()).isEqualTo("14155550101");
        assertThat(s.get("second_party").asString()).isEqualTo("14155550102");
        assertThat(s.get("virtual_number").asString()).isEqualTo(virtualNumber.substring(1));
        assertThat(s.get("status").asString()).isEqualTo("active");
        assertThat(s.get("session_uuid").asString()).isEqualTo(uuid);
        assertThat(s.get("initiate_call_to_first_party").isBoolean()).isTrue();
        assertThat(s.get("record").isBoolean()).isTrue();
        assertThat(s.get("record").booleanValue()).isFalse();
        assertThat(s.get("record_file_format").asString()).isEqualTo("mp3");
        assertThat(s.get("callback_url").asString()).isEmpty();
        assertThat(s.get("callback_method").asString()).isEqualTo("POST");
        assertThat(s.get("recording_callback_method").asString()).isEqualTo("POST");
        assertThat(s.get("first_party_play_url").asString()).isEmpty();
        assertThat(s.get("duration").isIntegralNumber()).isTrue();
        assertThat(s.get("duration").asInt()).isEqualTo(3600);
        assertThat(s.get("amount").isInt()).isTrue();
        assertThat(s.get("amount").asInt()).isZero();
        assertThat(s.get("call_time_limit").isInt()).isTrue();
        assertThat(s.get("call_time_limit").asInt()).isEqualTo(14400);
        assertThat(s.get("ring_timeout").asInt()).isEqualTo(45);
        assertThat(s.get("interaction").isNull()).isTrue();
        assertThat(s.get("total_call_amount").isNumber()).isTrue();
        assertThat(s.get("total_call_amount").toString()).isEqualTo("0");
        assertThat(s.get("total_session_amount").toString()).isEqualTo("0");
        assertThat(s.get("total_call_count").isInt()).isTrue();
        assertThat(s.get("total_call_count").asInt()).isZero();
        assertThat(s.get("total_call_billed_duration").asInt()).isZero();
        assertThat(s.get("last_interaction_time").asString()).isEmpty();

        Instant createdTime = Instant.from(PLIVO_TIME.parse(s.get("created_time").asString()));
        assertThat(createdTime).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(s.get("modified_time").asString()).isEqualTo(s.get("created_time").asString());
        assertThat(Instant.from(PLIVO_TIME.parse(s.get("expiry_time").asString())))
                .isEqualTo(createdTime.plusSeconds(3600));

        List<JsonNode> allocations = ALLOCATOR.requests();
        assertThat(allocations).hasSize(allocationsBefore + 1);
        JsonNode allocation = allocations.getLast();
        assertThat(allocation.get("session_uuid").asString()).isEqualTo(uuid);
        assertThat(allocation.get("account_id").asString()).isEqualTo(ACCOUNT);
        // allocation-service never gets a real number: blind indexes and countries only.
        assertThat(allocation.has("first_party")).isFalse();
        assertThat(allocation.has("second_party")).isFalse();
        assertThat(allocation.toString()).doesNotContain(FIRST.substring(1));
        assertThat(allocation.get("first_party_index").asString())
                .isEqualTo(keys.blindIndex().of(PhoneNumber.parse(FIRST))).hasSize(22);
        assertThat(allocation.get("second_party_index").asString())
                .isEqualTo(keys.blindIndex().of(PhoneNumber.parse(SECOND)));
        assertThat(allocation.get("first_party_country").asString()).isEqualTo("US");
        assertThat(allocation.get("second_party_country").asString()).isEqualTo("US");
        assertThat(allocation.get("geomatch").booleanValue()).isTrue();
    }

    @Test
    void sessionCreatedIsPublishedKeyedBySessionWithTheFullRoutingState() {
        JsonNode created = createSession(Map.of("first_party", FIRST, "second_party", SECOND,
                "session_expiry", 600, "call_time_limit", 120, "ring_timeout", 30, "record", true,
                "record_file_format", "wav"));
        String uuid = created.get("session_uuid").asString();

        ConsumerRecord<String, byte[]> record = readEvents(uuid, EventType.SESSION_CREATED, 1).getFirst();

        assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("session-service");
        assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo(created.get("api_id").asString());
        SessionCreated event = (SessionCreated) codec.decode(EventType.SESSION_CREATED, record.value());
        var state = event.session();
        assertThat(event.sessionUuid()).isEqualTo(uuid);
        assertThat(state.accountId()).isEqualTo(ACCOUNT);
        assertThat(opened(state.firstParty())).isEqualTo(FIRST);
        assertThat(opened(state.secondParty())).isEqualTo(SECOND);
        assertThat(state.firstParty().index()).isEqualTo(keys.blindIndex().of(PhoneNumber.parse(FIRST)));
        assertThat(state.firstParty().country()).isEqualTo("US");
        assertThat(new String(record.value())).doesNotContain(FIRST.substring(1)).doesNotContain(SECOND.substring(1));
        assertThat(state.virtualNumber()).isEqualTo(created.get("virtual_number").asString());
        assertThat(state.status()).isEqualTo("active");
        assertThat(state.callTimeLimit()).isEqualTo(120);
        assertThat(state.ringTimeout()).isEqualTo(30);
        assertThat(state.record()).isTrue();
        assertThat(state.recordFileFormat()).isEqualTo("wav");
        assertThat(Duration.between(state.createdTime(), state.expiryTime())).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void javaSdkBodyWithZerosAndUnknownKeysGetsTheDefaults() {
        // What plivo-java 5.46.3 sends for MaskingSession.creator(first, second).create() (PLIVO_API.md §8.1).
        String body = """
                {"first_party":"14155550101","second_party":"14155550102","initiate_call_to_first_party":false,
                 "is_pin_authentication_required":false,"geomatch":true,"generate_pin":false,"record":false,
                 "ring_timeout":0,"session_expiry":0,"call_time_limit":0,"create_session_with_single_party":false,
                 "force_pin_authentication":false,"virtual_number_cooloff_period":0,
                 "pin_authentication_required":false}""";

        byte[] response = web.post().uri("/v1/Account/{id}/Masking/Session/", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.parseMediaType("application/json; charset=UTF-8"))
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();

        JsonNode session = JSON.readTree(response).get("session");
        assertThat(session.get("duration").asInt()).isEqualTo(3600);
        assertThat(session.get("call_time_limit").asInt()).isEqualTo(14400);
        assertThat(session.get("ring_timeout").asInt()).isEqualTo(45);
    }

    @Test
    void pathWithoutTrailingSlashAndJsonWithoutCharsetWork() {
        web.post().uri("/v1/Account/{id}/Masking/Session", ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"first_party\":\"" + FIRST + "\",\"second_party\":\"" + SECOND + "\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.message").isEqualTo("Session created");
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("{\"second_party\":\"" + SECOND + "\"}",
                        "Mandatory parameter missing. first_party must be present."),
                Arguments.of("{\"first_party\":\"" + FIRST + "\",\"second_party\":\"\"}",
                        "Mandatory parameter missing. second_party must be present."),
                Arguments.of("{\"first_party\":\"12345\",\"second_party\":\"" + SECOND + "\"}",
                        "Invalid parameter. first_party is not a valid phone number."),
                Arguments.of("{\"first_party\":\"" + FIRST + "\",\"second_party\":\"not-a-number\"}",
                        "Invalid parameter. second_party is not a valid phone number."),
                Arguments.of("{\"first_party\":\"" + FIRST + "\",\"second_party\":\"" + FIRST.substring(1) + "\"}",
                        "Invalid parameter. first_party and second_party must be different numbers."),
                Arguments.of(withParties("\"session_expiry\":86401"),
                        "Invalid parameter. session_expiry is outside the allowed range."),
                Arguments.of(withParties("\"session_expiry\":-5"),
                        "Invalid parameter. session_expiry is outside the allowed range."),
                Arguments.of(withParties("\"call_time_limit\":90000"),
                        "Invalid parameter. call_time_limit is outside the allowed range."),
                Arguments.of(withParties("\"ring_timeout\":301"),
                        "Invalid parameter. ring_timeout is outside the allowed range."),
                Arguments.of(withParties("\"ring_timeout\":\"soon\""),
                        "Invalid parameter. ring_timeout should be an integer number of seconds."),
                Arguments.of(withParties("\"record\":\"yes\""),
                        "Invalid parameter. record allowed values are true or false."),
                Arguments.of(withParties("\"record_file_format\":\"ogg\""),
                        "Invalid parameter. record_file_format allowed values are mp3 or wav."),
                Arguments.of(withParties("\"callback_url\":\"not a url\""),
                        "Invalid parameter. callback_url should be a valid URL."),
                Arguments.of(withParties("\"callback_method\":\"PUT\""),
                        "Invalid parameter. callback_method allowed values are GET or POST."),
                Arguments.of(withParties("\"recording_callback_url\":\"https://example.com/"
                                + "x".repeat(1000) + "\""),
                        "Invalid parameter. recording_callback_url should be under 1000 characters."),
                Arguments.of(withParties("\"geomatch\":3"),
                        "Invalid parameter. geomatch allowed values are true or false."),
                Arguments.of(withParties("\"virtual_number_cooloff_period\":3601"),
                        "Invalid parameter. virtual_number_cooloff_period is outside the allowed range."),
                Arguments.of(withParties("\"first_party_play_url\":\"not a url\""),
                        "Invalid parameter. first_party_play_url should be a valid URL."),
                Arguments.of(withParties("\"unknown_caller_play\":\"x\""),
                        "Invalid parameter. unknown_caller_play should be a valid URL."),
                Arguments.of(withParties("\"generate_pin\":true"),
                        "Invalid parameter. generate_pin requires is_pin_authentication_required to be true."),
                Arguments.of(withParties("\"force_pin_authentication\":true"),
                        "Invalid parameter. force_pin_authentication requires is_pin_authentication_required to be"
                                + " true."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"second_party_pin\":\"4321\""),
                        "Mandatory parameter missing. first_party_pin must be present."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"first_party_pin\":1234"),
                        "Mandatory parameter missing. second_party_pin must be present."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"first_party_pin\":\"123\",\"second_party_pin\":\"4321\""),
                        "Invalid parameter. first_party_pin should be 4 to 15 digits."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"first_party_pin\":\"1234\",\"second_party_pin\":\"1234567890123456\""),
                        "Invalid parameter. second_party_pin should be 4 to 15 digits."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"first_party_pin\":\"12a4\",\"second_party_pin\":\"4321\""),
                        "Invalid parameter. first_party_pin should be 4 to 15 digits."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"first_party_pin\":1234,\"second_party_pin\":\"1234\""),
                        "Invalid parameter. first_party_pin and second_party_pin must be different."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"first_party_pin\":1234,"
                                + "\"second_party_pin\":4321"),
                        "Mandatory parameter missing. pin_prompt_play must be present."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"generate_pin\":true,\"generate_pin_length\":16"),
                        "Invalid parameter. generate_pin_length is outside the allowed range."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"generate_pin\":true,\"first_party_pin\":\"1234\""),
                        "Invalid parameter. first_party_pin cannot be given when generate_pin is true."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"generate_pin\":true,\"pin_retry\":6"),
                        "Invalid parameter. pin_retry is outside the allowed range."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"generate_pin\":true,\"pin_retry_wait\":11"),
                        "Invalid parameter. pin_retry_wait is outside the allowed range."),
                Arguments.of(withParties("\"is_pin_authentication_required\":true,\"pin_prompt_play\":\"https://example.com/pin.mp3\",\"generate_pin\":true,\"incorrect_pin_play\":\"nope\""),
                        "Invalid parameter. incorrect_pin_play should be a valid URL."),
                Arguments.of("{\"create_session_with_single_Party\":true,\"first_party\":\"\",\"second_party\":\"\"}",
                        "Mandatory parameter missing. first_party or second_party must be present."),
                Arguments.of("{\"create_session_with_single_party\":true,\"second_party\":\"+14155550102\","
                                + "\"initiate_call_to_first_party\":true}",
                        "Mandatory parameter missing. first_party must be present."),
                Arguments.of(withParties("\"subaccount\":\"SANOTMINE0000000000X\""),
                        "Invalid parameter. subaccount is not a subaccount of this account."),
                Arguments.of(withParties("\"subaccount\":\"garbage\""),
                        "Invalid parameter. subaccount is not a subaccount of this account."),
                Arguments.of("[1,2]", "Invalid request body. Send the session's parameters as a JSON object."),
                Arguments.of("{\"first_party\":", "Invalid request body. Send the session's parameters as a JSON object."),
                Arguments.of("", "Mandatory parameter missing. first_party must be present."));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestGets400WithItsMessageStoresNothingAndCallsNothing(String body, String message) {
        long sessions = count("SELECT count(*) FROM sessions");
        double created = meters.counter("veil.sessions.opened").count();
        long keys = count("SELECT count(*) FROM idempotency_keys");
        int allocations = ALLOCATOR.requests().size();

        web.post().uri(SESSIONS_PATH, ACCOUNT)
                .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo(message)
                .jsonPath("$.api_id").value(id -> UUID.fromString((String) id));

        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
        assertThat(meters.counter("veil.sessions.opened").count()).isEqualTo(created);
        assertThat(count("SELECT count(*) FROM idempotency_keys")).isEqualTo(keys);
        assertThat(ALLOCATOR.requests()).hasSize(allocations);
    }

    @Test
    void wrongOrMissingCredentialsGet401AndCreateNothing() {
        long sessions = count("SELECT count(*) FROM sessions");
        String body = withParties("");

        web.post().uri(SESSIONS_PATH, ACCOUNT).headers(h -> h.setBasicAuth(ACCOUNT, "wrong-token"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Veil\"")
                .expectBody().jsonPath("$.error")
                .isEqualTo("Authentication failed: the auth ID or auth token is missing or wrong.")
                .jsonPath("$.api_id").isNotEmpty();
        web.post().uri(SESSIONS_PATH, ACCOUNT)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        web.post().uri(SESSIONS_PATH, "MANOSUCHACCOUNT00001").headers(h -> h.setBasicAuth("MANOSUCHACCOUNT00001",
                        TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        web.post().uri(SESSIONS_PATH, ACCOUNT).header("Authorization", "Basic !!not-base64")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();

        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
    }

    @Test
    void anotherAccountsPathGets404EvenWithValidCredentials() {
        long sessions = count("SELECT count(*) FROM sessions");

        web.post().uri(SESSIONS_PATH, ACCOUNT).headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(withParties(""))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Account not found");

        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
    }

    @Test
    void allocationRefusalsReachTheClientWithTheirStatusAndMessage() {
        long sessions = count("SELECT count(*) FROM sessions");

        ALLOCATOR.reply(new Reply.Answer(400, "{\"error\":\"Number pool exhausted or not available.\"}"));
        post(withParties("")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Number pool exhausted or not available.");

        ALLOCATOR.reply(new Reply.Answer(404, "{\"error\":\"No compatible virtual numbers found for country code US\"}"));
        post(withParties("")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("No compatible virtual numbers found for country code US")
                .jsonPath("$.api_id").isNotEmpty();

        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
    }

    @Test
    void unreachableOrFailingAllocationServiceGets503() {
        long sessions = count("SELECT count(*) FROM sessions");

        ALLOCATOR.reply(new Reply.Drop());
        post(withParties("")).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error").isEqualTo(SessionApiErrors.ALLOCATION_UNAVAILABLE);

        ALLOCATOR.reply(new Reply.Answer(500, "oops"));
        post(withParties("")).expectStatus().isEqualTo(503);

        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
    }

    @Test
    void repeatWithTheSameIdempotencyKeyGetsTheOriginalResponseAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String body = withParties("\"session_expiry\":900");
        byte[] first = post(body, key).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        long sessions = count("SELECT count(*) FROM sessions");
        int allocations = ALLOCATOR.requests().size();
        double createdMetric = meters.counter("veil.sessions.opened").count();

        byte[] again = post(body, key).expectStatus().isCreated().expectBody().returnResult().getResponseBody();

        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions);
        assertThat(ALLOCATOR.requests()).hasSize(allocations);
        assertThat(meters.counter("veil.sessions.opened").count()).isEqualTo(createdMetric);

        post(withParties("\"session_expiry\":901"), key).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("Idempotency-Key"));
        // Keys are per account: another tenant's request with the same key is a new request.
        web.post().uri(SESSIONS_PATH, OTHER_ACCOUNT).headers(h -> h.setBasicAuth(OTHER_ACCOUNT, OTHER_TOKEN))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.session_uuid").value(u -> assertThat(u)
                        .isNotEqualTo(JSON.readTree(first).get("session_uuid").asString()));
    }

    @Test
    void concurrentRepeatsWithOneIdempotencyKeyCreateOneSession() {
        String key = UUID.randomUUID().toString();
        String body = withParties("\"ring_timeout\":33");
        long sessions = count("SELECT count(*) FROM sessions");

        List<String> responses = Flux.range(0, 4)
                .flatMap(i -> Mono.fromCallable(() -> new String(post(body, key).expectStatus().isCreated()
                        .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8))
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList().block();

        assertThat(responses).hasSize(4).allMatch(r -> r.equals(responses.getFirst()));
        assertThat(count("SELECT count(*) FROM sessions")).isEqualTo(sessions + 1);
    }

    @Test
    void createCountsTheSessionsCreatedMetric() {
        double before = meters.counter("veil.sessions.opened").count();

        createSession(Map.of("first_party", FIRST, "second_party", SECOND));

        assertThat(meters.counter("veil.sessions.opened").count()).isEqualTo(before + 1);
    }

    private WebTestClient.ResponseSpec post(String body) {
        return post(body, null);
    }

    private WebTestClient.ResponseSpec post(String body, @Nullable String idempotencyKey) {
        return web.post().uri(SESSIONS_PATH, ACCOUNT)
                .headers(h -> {
                    h.setBasicAuth(ACCOUNT, TOKEN);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    static String withParties(String more) {
        return "{\"first_party\":\"" + FIRST + "\",\"second_party\":\"" + SECOND + "\""
                + (more.isEmpty() ? "" : "," + more) + "}";
    }
}
