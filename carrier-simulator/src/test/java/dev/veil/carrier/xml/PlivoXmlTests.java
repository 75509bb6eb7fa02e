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
                "POST", "http://app/dial-events", "GET", List.of("12125550100")));
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
                        new Verb.Unsimulated("Wait"), new Verb.Hangup("busy"), new Verb.Hangup(null));
        assertThat(PlivoXml.parse("<Response/>")).isEmpty();
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
