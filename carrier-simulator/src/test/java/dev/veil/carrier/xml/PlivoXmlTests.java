package dev.veil.carrier.xml;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlivoXmlTests {

    @Test
    void readsTheRoutersDial() throws InvalidXmlException {
        List<Verb> verbs = PlivoXml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial callerId="14155550190" timeLimit="600" timeout="45"
                        action="http://app/dial-status?x=1&amp;y=2" method="post"
                        callbackUrl="http://app/dial-events" callbackMethod="GET">
                    <Number> 12125550100 </Number>
                  </Dial>
                </Response>
                """);

        assertThat(verbs).containsExactly(new Verb.Dial("14155550190", 600, 45, "http://app/dial-status?x=1&y=2",
                "POST", "http://app/dial-events", "GET", null, List.of("12125550100")));
    }

    @Test
    void dialDefaultsFollowPlivo() throws InvalidXmlException {
        Verb.Dial dial = (Verb.Dial) PlivoXml.parse("<Response><Dial><Number>1</Number></Dial></Response>")
                .getFirst();

        assertThat(dial.timeLimitSeconds()).isEqualTo(14_400);
        assertThat(dial.timeoutSeconds()).isNull();
        assertThat(dial.callerId()).isNull();
        assertThat(dial.method()).isEqualTo("POST");
        assertThat(dial.callbackMethod()).isEqualTo("POST");
        assertThat(((Verb.Dial) PlivoXml.parse("<Response><Dial timeLimit=\"100000\"><Number>1</Number></Dial>"
                + "</Response>").getFirst()).timeLimitSeconds()).isEqualTo(86_400);
    }

    @Test
    void readsTheOtherVerbsInOrder() throws InvalidXmlException {
        assertThat(PlivoXml.parse("<Response><Speak voice=\"WOMAN\">Hello</Speak><Play>http://a/b.mp3</Play>"
                + "<Wait length=\"2\"/><Hangup reason=\"busy\"/><Hangup/></Response>"))
                .containsExactly(new Verb.Speak("Hello"), new Verb.Play("http://a/b.mp3"),
                        new Verb.Wait(2), new Verb.Hangup("busy"), new Verb.Hangup(null));
        assertThat(PlivoXml.parse("<Response/>")).isEmpty();
    }

    @Test
    void readsGetDigitsWithItsPromptsAndPlivosDefaults() throws InvalidXmlException {
        Verb.GetDigits pin = (Verb.GetDigits) PlivoXml.parse("""
                <Response><GetDigits action="http://app/pin" method="GET" timeout="10" numDigits="4"
                    finishOnKey="*" retries="3" redirect="false" validDigits="0123456789"
                    invalidDigitsSound="http://m/bad.mp3"><Speak>PIN?</Speak><Wait length="1"/>
                    <Play>http://m/pin.mp3</Play></GetDigits></Response>
                """).getFirst();
        Verb.GetDigits defaults = (Verb.GetDigits) PlivoXml.parse("<Response><GetDigits/></Response>").getFirst();

        assertThat(pin).isEqualTo(new Verb.GetDigits("http://app/pin", "GET", 10, 2, "*", 4, 3, false, "0123456789",
                "http://m/bad.mp3", List.of(new Verb.Speak("PIN?"), new Verb.Play("http://m/pin.mp3"))));
        assertThat(defaults).isEqualTo(new Verb.GetDigits(null, "POST", 5, 2, "#", 99, 1, true, "1234567890*#",
                null, List.of()));
        assertThat(((Verb.GetDigits) PlivoXml.parse("<Response><GetDigits finishOnKey=\"none\"/></Response>")
                .getFirst()).finishOnKey()).isEmpty();
    }

    @Test
    void readsRecordAndDialConfirmSound() throws InvalidXmlException {
        List<Verb> verbs = PlivoXml.parse("<Response><Record action=\"http://app/rec\" startOnDialAnswer=\"true\""
                + " recordSession=\"true\" fileFormat=\"WAV\" redirect=\"false\" callbackUrl=\"http://app/cb\""
                + " callbackMethod=\"GET\"/><Record/><Dial confirmSound=\"http://m/c.mp3\"><Number>1</Number></Dial>"
                + "</Response>");

        assertThat(verbs.get(0)).isEqualTo(new Verb.Record("http://app/rec", "POST", "wav", false, 60, true, true,
                "http://app/cb", "GET"));
        assertThat(verbs.get(1)).isEqualTo(new Verb.Record(null, "POST", "mp3", true, 60, false, false, null,
                "POST"));
        assertThat(((Verb.Dial) verbs.get(2)).confirmSound()).isEqualTo("http://m/c.mp3");
    }

    @Test
    void refusesInvalidGetDigitsAndRecordAttributes() {
        assertThatThrownBy(() -> PlivoXml.parse("<Response><GetDigits><Dial/></GetDigits></Response>"))
                .hasMessageContaining("<Dial> cannot be inside <GetDigits>");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><GetDigits finishOnKey=\"##\"/></Response>"))
                .hasMessageContaining("finishOnKey");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><GetDigits numDigits=\"0\"/></Response>"))
                .hasMessageContaining("numDigits=\"0\"");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Record fileFormat=\"ogg\"/></Response>"))
                .hasMessageContaining("neither mp3 nor wav");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Record recordSession=\"yes\"/></Response>"))
                .hasMessageContaining("neither true nor false");
    }

    @Test
    void refusesDoctypesSoExternalEntitiesCannotBeRead() {
        assertThatThrownBy(() -> PlivoXml.parse("""
                <?xml version="1.0"?>
                <!DOCTYPE Response [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Response><Speak>&secret;</Speak></Response>
                """)).isInstanceOf(InvalidXmlException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void refusesWhatPlivoRefuses() {
        assertThatThrownBy(() -> PlivoXml.parse("<Dial/>")).hasMessageContaining("not <Response>");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Dial>")).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Say>hi</Say></Response>"))
                .hasMessageContaining("<Say> is not a Plivo XML element");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Dial timeout=\"soon\"><Number>1</Number></Dial>"
                + "</Response>")).hasMessageContaining("timeout=\"soon\"");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Dial method=\"PUT\"><Number>1</Number></Dial>"
                + "</Response>")).hasMessageContaining("neither GET nor POST");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Dial><Conference>x</Conference></Dial></Response>"))
                .hasMessageContaining("cannot be inside <Dial>");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Play> </Play></Response>"))
                .hasMessageContaining("<Play> is empty");
        assertThatThrownBy(() -> PlivoXml.parse("<Response><Speak>" + "x".repeat(PlivoXml.MAX_BYTES)
                + "</Speak></Response>")).hasMessageContaining("100 KB");
    }
}
