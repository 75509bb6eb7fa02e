package dev.veil.router.carrier;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.router.call.CallInstruction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlivoXmlTests {

    @Test
    void connectIsADialToTheOtherPartyShowingTheVirtualNumber() {
        String xml = new PlivoXml("https://veil.example.com").render(new CallInstruction.Connect(
                PhoneNumber.parse("+14155550190"), PhoneNumber.parse("+442071838750"), 14400, 45));

        assertThat(xml).isEqualTo("<Response><Dial callerId=\"14155550190\" timeLimit=\"14400\" timeout=\"45\""
                + " action=\"https://veil.example.com/carrier/plivo/dial-status\" method=\"POST\""
                + " callbackUrl=\"https://veil.example.com/carrier/plivo/dial-events\" callbackMethod=\"POST\">"
                + "<Number>442071838750</Number></Dial></Response>");
    }

    @Test
    void attributeValuesAreEscaped() {
        String xml = new PlivoXml("https://veil.example.com/a?x=1&y=\"2\"<").render(new CallInstruction.Connect(
                PhoneNumber.parse("+14155550190"), PhoneNumber.parse("+14155550123"), 60, 30));

        assertThat(xml).contains("action=\"https://veil.example.com/a?x=1&amp;y=&quot;2&quot;&lt;"
                + "/carrier/plivo/dial-status\"");
    }

    @Test
    void rejectIsAHangupAndAcknowledgeAnEmptyResponse() {
        PlivoXml plivo = new PlivoXml("https://veil.example.com");

        assertThat(plivo.render(new CallInstruction.Reject("rejected")))
                .isEqualTo("<Response><Hangup reason=\"rejected\"/></Response>");
        assertThat(plivo.render(new CallInstruction.Acknowledge())).isEqualTo("<Response/>");
    }

    @Test
    void bridgeWithSoundsAndRecordingPlaysToTheCallerRecordsFromAnswerAndPlaysToTheCalleeOnAnswer() {
        String xml = new PlivoXml("https://veil.example.com").render(new CallInstruction.Connect(
                PhoneNumber.parse("+14155550190"), PhoneNumber.parse("+14155550123"), 600, 30,
                "https://cdn.example.com/first.mp3", "https://cdn.example.com/second.mp3?v=1&x=2",
                new CallInstruction.Recording("wav", "5e55-1", "MA1")));

        assertThat(xml).isEqualTo("<Response><Play>https://cdn.example.com/first.mp3</Play>"
                + "<Record action=\"https://veil.example.com/carrier/plivo/recording"
                + "?session_uuid=5e55-1&amp;account_id=MA1\" method=\"POST\""
                + " startOnDialAnswer=\"true\" recordSession=\"true\" fileFormat=\"wav\" redirect=\"false\""
                + " callbackUrl=\"https://veil.example.com/carrier/plivo/recording"
                + "?session_uuid=5e55-1&amp;account_id=MA1\" callbackMethod=\"POST\"/>"
                + "<Dial callerId=\"14155550190\" timeLimit=\"600\" timeout=\"30\""
                + " action=\"https://veil.example.com/carrier/plivo/dial-status\" method=\"POST\""
                + " callbackUrl=\"https://veil.example.com/carrier/plivo/dial-events\" callbackMethod=\"POST\""
                + " confirmSound=\"https://veil.example.com/carrier/plivo/callee-sound?play="
                + "https%3A%2F%2Fcdn.example.com%2Fsecond.mp3%3Fv%3D1%26x%3D2\">"
                + "<Number>14155550123</Number></Dial></Response>");
    }

    @Test
    void pinPromptCollectsUpTo15DigitsEndedByHashAndRetriesPlayTheIncorrectPinSoundFirst() {
        PlivoXml plivo = new PlivoXml("https://veil.example.com");

        assertThat(plivo.render(new CallInstruction.AskForPin("https://cdn/prompt.mp3", 7, null, 1)))
                .isEqualTo("<Response><GetDigits action=\"https://veil.example.com/carrier/plivo/pin?attempt=1\""
                        + " method=\"POST\" timeout=\"7\" numDigits=\"15\" finishOnKey=\"#\" retries=\"1\">"
                        + "<Play>https://cdn/prompt.mp3</Play></GetDigits></Response>");
        assertThat(plivo.render(new CallInstruction.AskForPin("https://cdn/prompt.mp3", 5, "https://cdn/wrong.mp3",
                2))).isEqualTo("<Response><Play>https://cdn/wrong.mp3</Play><GetDigits action=\""
                + "https://veil.example.com/carrier/plivo/pin?attempt=2\" method=\"POST\" timeout=\"5\""
                + " numDigits=\"15\" finishOnKey=\"#\" retries=\"1\"><Play>https://cdn/prompt.mp3</Play>"
                + "</GetDigits></Response>");
    }

    @Test
    void announcementsHangUpAfterPlayingAndTheCalleeSoundIsAPlayDocument() {
        PlivoXml plivo = new PlivoXml("https://veil.example.com");

        assertThat(plivo.render(new CallInstruction.PlayAndHangUp("https://cdn/unknown.mp3")))
                .isEqualTo("<Response><Play>https://cdn/unknown.mp3</Play><Hangup/></Response>");
        assertThat(plivo.render(new CallInstruction.PlayAndHangUp(null))).isEqualTo("<Response><Hangup/></Response>");
        assertThat(plivo.render(new CallInstruction.Reject("busy")))
                .isEqualTo("<Response><Hangup reason=\"busy\"/></Response>");
        assertThat(plivo.render(new CallInstruction.PlaySound("https://cdn/s.mp3")))
                .isEqualTo("<Response><Play>https://cdn/s.mp3</Play></Response>");
    }
}
