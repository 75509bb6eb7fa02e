package dev.veil.router.carrier;

import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallInstruction.Acknowledge;
import dev.veil.router.call.CallInstruction.AskForPin;
import dev.veil.router.call.CallInstruction.Connect;
import dev.veil.router.call.CallInstruction.PlayAndHangUp;
import dev.veil.router.call.CallInstruction.PlaySound;
import dev.veil.router.call.CallInstruction.Reject;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders instructions as Plivo XML with a real XML writer, so every attribute and text value is escaped. The
 * document has no XML declaration, as Plivo's own examples.
 *
 * <p>A bridge is {@code [<Play>caller's sound</Play>] [<Record .../>] <Dial ...><Number/></Dial>}: Plivo plays to
 * the caller, and records the dialled call from its answer. The sound for the dialled party goes through the Dial's
 * {@code confirmSound}, the documented way to play to the called party when it answers: Plivo fetches that URL for
 * an XML document of {@code Play} elements, which Veil serves at {@code callee-sound} (no {@code confirmKey}, so
 * the call connects after the sound without a key press).
 */
final class PlivoXml {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    /** Longest PIN Plivo sessions accept. */
    static final int PIN_MAX_DIGITS = 15;

    private final String dialStatusUrl;
    private final String dialEventsUrl;
    private final String pinUrl;
    private final String recordingUrl;
    private final String calleeSoundUrl;

    /** @param webhookBase the public base URL the carrier's callbacks go to */
    PlivoXml(String webhookBase) {
        String base = webhookBase + "/carrier/plivo/";
        this.dialStatusUrl = base + PlivoAdapter.DIAL_STATUS;
        this.dialEventsUrl = base + PlivoAdapter.DIAL_EVENTS;
        this.pinUrl = base + PlivoAdapter.PIN;
        this.recordingUrl = base + "recording";
        this.calleeSoundUrl = base + PlivoAdapter.CALLEE_SOUND;
    }

    String render(CallInstruction instruction) {
        if (instruction instanceof Acknowledge) {
            return "<Response/>";
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            xml.writeStartElement("Response");
            switch (instruction) {
                case Connect connect -> dial(xml, connect);
                case AskForPin ask -> {
                    if (ask.incorrectPinPlayUrl() != null) {
                        play(xml, ask.incorrectPinPlayUrl());
                    }
                    xml.writeStartElement("GetDigits");
                    xml.writeAttribute("action", pinUrl + "?attempt=" + ask.attempt());
                    xml.writeAttribute("method", "POST");
                    xml.writeAttribute("timeout", Integer.toString(ask.waitSeconds()));
                    xml.writeAttribute("numDigits", Integer.toString(PIN_MAX_DIGITS));
                    xml.writeAttribute("finishOnKey", "#");
                    xml.writeAttribute("retries", "1");
                    play(xml, ask.promptPlayUrl());
                    xml.writeEndElement();
                }
                case PlayAndHangUp hangUp -> {
                    if (hangUp.playUrl() != null) {
                        play(xml, hangUp.playUrl());
                    }
                    xml.writeEmptyElement("Hangup");
                }
                case Reject reject -> {
                    xml.writeEmptyElement("Hangup");
                    xml.writeAttribute("reason", reject.reason());
                }
                case PlaySound sound -> play(xml, sound.playUrl());
                case Acknowledge acknowledge -> throw new IllegalStateException("rendered above");
            }
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render Plivo XML", e);
        }
        return out.toString();
    }

    private void dial(XMLStreamWriter xml, Connect connect) throws XMLStreamException {
        if (connect.callerPlayUrl() != null) {
            play(xml, connect.callerPlayUrl());
        }
        if (connect.recording() != null) {
            CallInstruction.Recording recording = connect.recording();
            // The carrier posts both callbacks to this URL (signed over it, query included): recording-service takes
            // them, and reads from the query which session and account the recording belongs to.
            String recordingCallback = recordingUrl + "?session_uuid=" + encode(recording.sessionUuid())
                    + "&account_id=" + encode(recording.accountId());
            xml.writeEmptyElement("Record");
            xml.writeAttribute("action", recordingCallback);
            xml.writeAttribute("method", "POST");
            xml.writeAttribute("startOnDialAnswer", "true");
            xml.writeAttribute("recordSession", "true");
            xml.writeAttribute("fileFormat", recording.fileFormat());
            xml.writeAttribute("redirect", "false");
            xml.writeAttribute("callbackUrl", recordingCallback);
            xml.writeAttribute("callbackMethod", "POST");
        }
        xml.writeStartElement("Dial");
        xml.writeAttribute("callerId", connect.virtualNumber().digits());
        xml.writeAttribute("timeLimit", Integer.toString(connect.timeLimit()));
        xml.writeAttribute("timeout", Integer.toString(connect.ringTimeout()));
        xml.writeAttribute("action", dialStatusUrl);
        xml.writeAttribute("method", "POST");
        xml.writeAttribute("callbackUrl", dialEventsUrl);
        xml.writeAttribute("callbackMethod", "POST");
        if (connect.calleePlayUrl() != null) {
            xml.writeAttribute("confirmSound",
                    calleeSoundUrl + "?play=" + encode(connect.calleePlayUrl()));
        }
        xml.writeStartElement("Number");
        xml.writeCharacters(connect.otherParty().digits());
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void play(XMLStreamWriter xml, String url) throws XMLStreamException {
        xml.writeStartElement("Play");
        xml.writeCharacters(url);
        xml.writeEndElement();
    }
}
