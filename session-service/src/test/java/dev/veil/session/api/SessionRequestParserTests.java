package dev.veil.session.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionRequestParserTests {

    static final JsonMapper JSON = new JsonMapper();

    static SessionRequest parse(String json) {
        return SessionRequestParser.parse(JSON.readTree(json));
    }

    static String parties(String more) {
        return "{\"first_party\":\"+14155550101\",\"second_party\":\"14155550102\"" + (more.isEmpty() ? "" : ","
                + more) + "}";
    }

    @Test
    void minimalRequestGetsEveryDefault() {
        SessionRequest request = parse(parties(""));

        assertThat(request.firstParty().e164()).isEqualTo("+14155550101");
        assertThat(request.secondParty().e164()).isEqualTo("+14155550102");
        assertThat(request.sessionExpiry()).isEqualTo(3600);
        assertThat(request.callTimeLimit()).isEqualTo(14400);
        assertThat(request.ringTimeout()).isEqualTo(45);
        assertThat(request.record()).isFalse();
        assertThat(request.recordFileFormat()).isEqualTo("mp3");
        assertThat(request.callbackUrl()).isEmpty();
        assertThat(request.callbackMethod()).isEqualTo("POST");
        assertThat(request.recordingCallbackUrl()).isEmpty();
        assertThat(request.recordingCallbackMethod()).isEqualTo("POST");
        assertThat(request.geomatch()).isTrue();
    }

    @Test
    void zeroMeansDefaultAndNullsAreAbsent() {
        SessionRequest request = parse(parties("\"session_expiry\":0,\"call_time_limit\":0,\"ring_timeout\":0,"
                + "\"record\":null,\"record_file_format\":null,\"callback_url\":null,\"geomatch\":null"));

        assertThat(request.sessionExpiry()).isEqualTo(3600);
        assertThat(request.callTimeLimit()).isEqualTo(14400);
        assertThat(request.ringTimeout()).isEqualTo(45);
        assertThat(request.record()).isFalse();
        assertThat(request.recordFileFormat()).isEqualTo("mp3");
        assertThat(request.geomatch()).isTrue();
    }

    @Test
    void givenValuesAreKeptIncludingStringFormsAndAnyKeyCase() {
        SessionRequest request = parse("""
                {"First_Party":14155550101,"second_party":"+14155550102","session_expiry":"86400",
                 "call_time_limit":1,"ring_timeout":300,"record":"TRUE","record_file_format":"WAV",
                 "callback_url":"https://example.com/cb?x=1","callback_method":"get",
                 "recording_callback_url":"http://example.com/rec","recording_callback_method":"POST",
                 "geomatch":false,"create_session_with_single_Party":false,"pin_authentication_required":false,
                 "some_future_key":{"nested":true}}""");

        assertThat(request.firstParty().e164()).isEqualTo("+14155550101");
        assertThat(request.sessionExpiry()).isEqualTo(86400);
        assertThat(request.callTimeLimit()).isEqualTo(1);
        assertThat(request.ringTimeout()).isEqualTo(300);
        assertThat(request.record()).isTrue();
        assertThat(request.recordFileFormat()).isEqualTo("wav");
        assertThat(request.callbackUrl()).isEqualTo("https://example.com/cb?x=1");
        assertThat(request.callbackMethod()).isEqualTo("GET");
        assertThat(request.recordingCallbackUrl()).isEqualTo("http://example.com/rec");
        assertThat(request.geomatch()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|Mandatory parameter missing. first_party must be present.",
            "{\"first_party\":null,\"second_party\":\"14155550102\"}|Mandatory parameter missing. first_party must be present.",
            "{\"first_party\":\"  \",\"second_party\":\"14155550102\"}|Mandatory parameter missing. first_party must be present.",
            "{\"first_party\":\"14155550101\"}|Mandatory parameter missing. second_party must be present.",
            "{\"first_party\":true,\"second_party\":\"14155550102\"}|Invalid parameter. first_party is not a valid phone number.",
            "{\"first_party\":\"+1\",\"second_party\":\"14155550102\"}|Invalid parameter. first_party is not a valid phone number.",
            "{\"first_party\":\"14155550101\",\"second_party\":\"+999123\"}|Invalid parameter. second_party is not a valid phone number.",
            "{\"first_party\":\"14155550101\",\"second_party\":\"+14155550101\"}|Invalid parameter. first_party and second_party must be different numbers.",
            "\"text\"|Invalid request body. Send the session's parameters as a JSON object."})
    void partiesAreRequiredValidAndDistinct(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidSessionRequestException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"session_expiry\":86401|Invalid parameter. session_expiry is outside the allowed range.",
            "\"session_expiry\":-1|Invalid parameter. session_expiry is outside the allowed range.",
            "\"session_expiry\":12.5|Invalid parameter. session_expiry should be an integer number of seconds.",
            "\"call_time_limit\":86401|Invalid parameter. call_time_limit is outside the allowed range.",
            "\"call_time_limit\":\"1h\"|Invalid parameter. call_time_limit should be an integer number of seconds.",
            "\"ring_timeout\":301|Invalid parameter. ring_timeout is outside the allowed range.",
            "\"record\":1|Invalid parameter. record allowed values are true or false.",
            "\"geomatch\":\"maybe\"|Invalid parameter. geomatch allowed values are true or false.",
            "\"record_file_format\":\"flac\"|Invalid parameter. record_file_format allowed values are mp3 or wav.",
            "\"record_file_format\":3|Invalid parameter. record_file_format should be a string.",
            "\"callback_url\":\"ftp://example.com/x\"|Invalid parameter. callback_url should be a valid URL.",
            "\"callback_url\":\"/relative\"|Invalid parameter. callback_url should be a valid URL.",
            "\"recording_callback_url\":\"http://exa mple.com\"|Invalid parameter. recording_callback_url should be a valid URL.",
            "\"callback_method\":\"DELETE\"|Invalid parameter. callback_method allowed values are GET or POST.",
            "\"recording_callback_method\":\"PUT\"|Invalid parameter. recording_callback_method allowed values are GET or POST.",
            "\"generate_pin\":true|Invalid parameter. generate_pin requires is_pin_authentication_required to be true.",
            "\"force_pin_authentication\":\"true\"|Invalid parameter. force_pin_authentication requires is_pin_authentication_required to be true.",
            "\"first_party_play_url\":\"nope\"|Invalid parameter. first_party_play_url should be a valid URL.",
            "\"unknown_caller_play\":\"ftp://x.example/a.mp3\"|Invalid parameter. unknown_caller_play should be a valid URL.",
            "\"initiate_call_to_first_party\":2|Invalid parameter. initiate_call_to_first_party allowed values are true or false.",
            "\"virtual_number_cooloff_period\":-5|Invalid parameter. virtual_number_cooloff_period is outside the allowed range.",
            "\"virtual_number_cooloff_period\":3601|Invalid parameter. virtual_number_cooloff_period is outside the allowed range."})
    void outOfRangeOrMalformedParametersGetPlivosMessages(String param, String message) {
        assertThatThrownBy(() -> parse(parties(param))).isInstanceOf(InvalidSessionRequestException.class)
                .hasMessage(message);
    }

    @Test
    void longUrlIsRefusedWithTheLengthMessage() {
        String url = "https://example.com/" + "a".repeat(980);
        assertThatThrownBy(() -> parse(parties("\"callback_url\":\"" + url + "\"")))
                .hasMessage("Invalid parameter. callback_url should be under 1000 characters.");
        assertThat(parse(parties("\"callback_url\":\"" + url.substring(0, 999) + "\"")).callbackUrl())
                .hasSize(999);
    }

    @Test
    void errorMessagesNeverRepeatTheNumberGiven() {
        JsonNode body = JSON.readTree("{\"first_party\":\"+1415555010\",\"second_party\":\"14155550102\"}");
        assertThatThrownBy(() -> SessionRequestParser.parse(body)).hasMessageNotContaining("1415555010");
    }
}
