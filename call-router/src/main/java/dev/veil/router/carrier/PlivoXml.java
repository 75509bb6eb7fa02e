package dev.veil.router.carrier;

import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallInstruction.Acknowledge;
import dev.veil.router.call.CallInstruction.Connect;
import dev.veil.router.call.CallInstruction.Reject;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

/**
 * Renders instructions as Plivo XML with a real XML writer, so every attribute and text value is escaped. The
 * document has no XML declaration, as Plivo's own examples.
 */
final class PlivoXml {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final String dialStatusUrl;
    private final String dialEventsUrl;

    /** @param webhookBase the public base URL the Dial callbacks go to */
    PlivoXml(String webhookBase) {
        this.dialStatusUrl = webhookBase + "/carrier/plivo/dial-status";
        this.dialEventsUrl = webhookBase + "/carrier/plivo/dial-events";
    }

    String render(CallInstruction instruction) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            switch (instruction) {
                case Connect connect -> {
                    xml.writeStartElement("Response");
                    xml.writeStartElement("Dial");
                    xml.writeAttribute("callerId", connect.virtualNumber().digits());
                    xml.writeAttribute("timeLimit", Integer.toString(connect.timeLimit()));
                    xml.writeAttribute("timeout", Integer.toString(connect.ringTimeout()));
                    xml.writeAttribute("action", dialStatusUrl);
                    xml.writeAttribute("method", "POST");
                    xml.writeAttribute("callbackUrl", dialEventsUrl);
                    xml.writeAttribute("callbackMethod", "POST");
                    xml.writeStartElement("Number");
                    xml.writeCharacters(connect.otherParty().digits());
                    xml.writeEndElement();
                    xml.writeEndElement();
                    xml.writeEndElement();
                }
                case Reject reject -> {
                    xml.writeStartElement("Response");
                    xml.writeEmptyElement("Hangup");
                    xml.writeAttribute("reason", reject.reason());
                    xml.writeEndElement();
                }
                case Acknowledge acknowledge -> xml.writeEmptyElement("Response");
            }
            // Closes an element still open, such as an empty root.
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render Plivo XML", e);
        }
        return out.toString();
    }
}
