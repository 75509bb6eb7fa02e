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
}
