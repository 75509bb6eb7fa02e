package dev.veil.standalone;

import dev.veil.testsupport.CustomerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static dev.veil.standalone.StandalonePlatform.awaitRoutable;
import static dev.veil.standalone.StandalonePlatform.carrier;
import static dev.veil.standalone.StandalonePlatform.createSession;
import static dev.veil.standalone.StandalonePlatform.gateway;
import static dev.veil.standalone.StandalonePlatform.getSession;
import static dev.veil.standalone.StandalonePlatform.leg;
import static dev.veil.standalone.StandalonePlatform.phoneCalls;
import static dev.veil.standalone.StandalonePlatform.placeCall;
import static dev.veil.standalone.StandalonePlatform.recordings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each call flow of a masked session through the real services and the carrier simulator, asserting what every
 * phone saw: the caller ID a party sees is always the virtual number, never the other party's number.
 */
@ExtendWith(StandalonePlatform.class)
class CallFlowsEndToEndTests {

    static final String PROMPT = "https://media.example.com/enter-pin.mp3";
    static final String WRONG_PIN = "https://media.example.com/wrong-pin.mp3";

    @Test
    void unknownCallerWithTheFirstPartysPinReachesTheSecondParty() {
        String virtualNumber = pinSession("+14155550141", "+14155550142", 0);

        JsonNode call = placeCall(Map.of("from", "+14155550149", "to", virtualNumber, "talk_seconds", 20,
                "digits", List.of("1234#")));

        JsonNode outbound = leg(call, "outbound");
        assertThat(outbound.get("to").asString()).isEqualTo("+14155550142");
        assertThat(outbound.get("caller_id_shown").asString()).isEqualTo(virtualNumber);
        assertThat(heard(call, "+14155550149")).contains(PROMPT);
    }

    @Test
    void wrongPinIsToldAndTheRetryWithTheSecondPartysPinReachesTheFirstParty() {
        String virtualNumber = pinSession("+14155550143", "+14155550144", 1);

        JsonNode call = placeCall(Map.of("from", "+14155550148", "to", virtualNumber, "talk_seconds", 20,
                "digits", List.of("9999#", "4321#")));

        JsonNode outbound = leg(call, "outbound");
        assertThat(outbound.get("to").asString()).isEqualTo("+14155550143");
        assertThat(outbound.get("caller_id_shown").asString()).isEqualTo(virtualNumber);
        assertThat(heard(call, "+14155550148")).contains(WRONG_PIN);
    }

    @Test
    void wrongPinsUseUpTheRetriesAndTheCallEndsUnconnected() {
        String virtualNumber = pinSession("+14155550145", "+14155550146", 0);

        JsonNode call = placeCall(Map.of("from", "+14155550147", "to", virtualNumber, "talk_seconds", 20,
                "digits", List.of("0000#")));

        assertThat(leg(call, "outbound")).isNull();
    }

    @Test
    void unknownCallerWithoutPinHearsTheUnknownCallerMessageAndIsNotConnected() {
        String message = "https://media.example.com/use-your-registered-number.mp3";
        JsonNode created = createSession(Map.of("first_party", "+14155550151", "second_party", "+14155550152",
                "unknown_caller_play", message));
        String virtualNumber = created.get("virtual_number").asString();
        awaitRoutable(created.get("session_uuid").asString());

        JsonNode call = placeCall(Map.of("from", "+14155550159", "to", virtualNumber, "talk_seconds", 20));

        assertThat(leg(call, "outbound")).isNull();
        assertThat(heard(call, "+14155550159")).contains(message);
    }

    @Test
    void requestACallRingsTheFirstPartyFromTheVirtualNumberThenBridgesTheSecondParty() {
        String virtualNumber = createSession(Map.of("first_party", "+14155550161", "second_party", "+14155550162",
                "initiate_call_to_first_party", true)).get("virtual_number").asString();

        JsonNode firstPartyCall = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> phoneCalls("+14155550161"), calls -> !calls.isEmpty()).get(0);
        assertThat(firstPartyCall.get("caller_id_shown").asString()).isEqualTo(virtualNumber);

        JsonNode secondPartyCall = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> phoneCalls("+14155550162"), calls -> !calls.isEmpty()).get(0);
        assertThat(secondPartyCall.get("caller_id_shown").asString()).isEqualTo(virtualNumber);
        assertThat(secondPartyCall.get("answered").asBoolean()).isTrue();
    }

    @Test
    void recordedCallIsCopiedIntoVeilAndItsMediaDownloadsThroughTheApi() {
        CustomerEndpoint customer = CustomerEndpoint.reserve();
        customer.start();
        try {
            JsonNode created = createSession(Map.of("first_party", "+14155550171", "second_party", "+14155550172",
                    "record", true, "record_file_format", "wav", "recording_callback_url",
                    customer.url("/recordings")));
            String session = created.get("session_uuid").asString();
            String virtualNumber = created.get("virtual_number").asString();

            JsonNode call = placeCall(Map.of("from", "+14155550171", "to", virtualNumber, "talk_seconds", 30));

            assertThat(call.get("answer_xml").asString()).contains("<Record");
            assertThat(leg(call, "outbound").get("caller_id_shown").asString()).isEqualTo(virtualNumber);
            JsonNode recording = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordings(session), list -> list.size() == 1).get(0);
            String id = recording.get("recording_id").asString();
            byte[] fromVeil = gateway().get().uri("/v1/Account/{id}/Recording/{rec}.wav", ACCOUNT, id)
                    .headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                    .exchange().expectStatus().isOk()
                    .expectHeader().contentType("audio/wav")
                    .expectBody().returnResult().getResponseBody();
            byte[] fromCarrier = carrier().get().uri("/sim/v1/recordings/{rec}.wav", id)
                    .exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(fromVeil).hasSizeGreaterThan(30 * 8000).isEqualTo(fromCarrier);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> getSession(session).at("/interaction/0/recording_resource_url").asString(),
                            url -> url.endsWith("/Recording/" + id + "/"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordingEvents(customer), events -> events.size() == 2);
            assertThat(recordingEvents(customer))
                    .containsExactly("SessionRecordingInitiated", "SessionRecordingCompleted");
        } finally {
            customer.stop();
        }
    }

    @Test
    void recordingWhoseMediaTheCarrierCannotServeEndsInSessionRecordingFailed() {
        CustomerEndpoint customer = CustomerEndpoint.reserve();
        customer.start();
        mediaAvailable(false);
        try {
            JsonNode created = createSession(Map.of("first_party", "+14155550173", "second_party", "+14155550174",
                    "record", true, "recording_callback_url", customer.url("/recordings")));

            placeCall(Map.of("from", "+14155550173", "to", created.get("virtual_number").asString(),
                    "talk_seconds", 10));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordingEvents(customer), events -> events.size() == 2);
            assertThat(recordingEvents(customer))
                    .containsExactly("SessionRecordingInitiated", "SessionRecordingFailed");
            assertThat(recordings(created.get("session_uuid").asString())).isEmpty();
        } finally {
            mediaAvailable(true);
            customer.stop();
        }
    }

    private static void mediaAvailable(boolean available) {
        carrier().put().uri("/sim/v1/recordings/availability").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(available ? Map.of("available", true) : Map.of("available", false, "status", 404))
                .exchange().expectStatus().is2xxSuccessful();
    }

    /** The recording callbacks the customer received, by event name, in the order received. */
    private static List<String> recordingEvents(CustomerEndpoint customer) {
        return customer.received("/recordings").stream().map(r -> r.params().get("EventName")).toList();
    }

    private static String pinSession(String first, String second, int retries) {
        JsonNode created = createSession(Map.of("first_party", first, "second_party", second,
                "is_pin_authentication_required", true, "first_party_pin", "1234", "second_party_pin", "4321",
                "pin_prompt_play", PROMPT, "incorrect_pin_play", WRONG_PIN, "pin_retry", retries));
        awaitRoutable(created.get("session_uuid").asString());
        return created.get("virtual_number").asString();
    }

    /** What the caller's phone heard during this call. */
    private static List<String> heard(JsonNode call, String caller) {
        String callUuid = call.get("call_uuid").asString();
        List<String> heard = new ArrayList<>();
        for (JsonNode record : phoneCalls(caller)) {
            if (callUuid.equals(record.get("call_uuid").asString())) {
                record.get("heard").forEach(h -> heard.add(h.asString()));
            }
        }
        return heard;
    }
}
