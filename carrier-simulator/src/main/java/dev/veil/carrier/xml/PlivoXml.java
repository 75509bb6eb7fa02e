package dev.veil.carrier.xml;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Plivo voice XML. The parser refuses DTDs and external entities outright: the document comes from another
 * system over HTTP, and a simulator must not be a way to read local files (XXE). Element and attribute names are
 * case-sensitive, as in Plivo; an element Plivo does not know makes the whole document invalid, as it does there.
 */
public final class PlivoXml {

    /** Plivo refuses answers larger than 100 KB. */
    static final int MAX_BYTES = 100 * 1024;

    /** Elements Plivo accepts that this simulator steps over (it has no speech input or conference bridge). */
    private static final Set<String> UNSIMULATED = Set.of("GetInput", "Redirect", "PreAnswer",
            "Conference", "MultiPartyCall", "Stream", "DTMF", "Message");
    /** Plivo's GetDigits defaults. */
    private static final int GET_DIGITS_TIMEOUT = 5;
    private static final int GET_DIGITS_DIGIT_TIMEOUT = 2;
    private static final int GET_DIGITS_NUM_DIGITS = 99;
    private static final String GET_DIGITS_VALID = "1234567890*#";
    /** Plivo's Record default: at most 60 s. */
    private static final int RECORD_MAX_LENGTH = 60;

    private PlivoXml() {
    }

    /**
     * The verbs of a {@code <Response>} document, in order.
     *
     * @throws InvalidXmlException when the text is not well-formed, has a DTD, is not a {@code <Response>}, holds an
     *                             unknown element or an invalid attribute value, or is larger than 100 KB
     */
    public static List<Verb> parse(String xml) throws InvalidXmlException {
        if (xml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidXmlException("the XML is larger than 100 KB");
        }
        Document document;
        try {
            document = builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new InvalidXmlException("the XML is not well-formed: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!"Response".equals(root.getTagName())) {
            throw new InvalidXmlException("the root element is <" + root.getTagName() + ">, not <Response>");
        }
        List<Verb> verbs = new ArrayList<>();
        for (Element element : children(root)) {
            verbs.add(verb(element));
        }
        return List.copyOf(verbs);
    }

    private static Verb verb(Element element) throws InvalidXmlException {
        String name = element.getTagName();
        return switch (name) {
            case "Dial" -> dial(element);
            case "Hangup" -> new Verb.Hangup(attribute(element, "reason"));
            case "Play" -> new Verb.Play(requiredText(element));
            case "Speak" -> new Verb.Speak(requiredText(element));
            case "GetDigits" -> getDigits(element);
            case "Record" -> record(element);
            case "Wait" -> new Verb.Wait(orDefault(positiveInt(element, "length"), 1));
            default -> {
                if (UNSIMULATED.contains(name)) {
                    yield new Verb.Unsimulated(name);
                }
                throw new InvalidXmlException("<" + name + "> is not a Plivo XML element");
            }
        };
    }

    private static Verb.Dial dial(Element dial) throws InvalidXmlException {
        List<String> numbers = new ArrayList<>();
        for (Element child : children(dial)) {
            switch (child.getTagName()) {
                case "Number" -> numbers.add(requiredText(child));
                // A SIP endpoint: valid Plivo, but the simulator has no SIP phones, so it is never reached.
                case "User" -> requiredText(child);
                default -> throw new InvalidXmlException("<" + child.getTagName() + "> cannot be inside <Dial>");
            }
        }
        Integer timeLimit = positiveInt(dial, "timeLimit");
        return new Verb.Dial(
                attribute(dial, "callerId"),
                timeLimit == null ? Verb.DEFAULT_TIME_LIMIT : Math.min(timeLimit, Verb.MAX_TIME_LIMIT),
                positiveInt(dial, "timeout"),
                attribute(dial, "action"),
                method(dial, "method"),
                attribute(dial, "callbackUrl"),
                method(dial, "callbackMethod"),
                attribute(dial, "confirmSound"),
                numbers);
    }

    private static Verb.GetDigits getDigits(Element element) throws InvalidXmlException {
        List<Verb> prompts = new ArrayList<>();
        for (Element child : children(element)) {
            switch (child.getTagName()) {
                case "Play" -> prompts.add(new Verb.Play(requiredText(child)));
                case "Speak" -> prompts.add(new Verb.Speak(requiredText(child)));
                // A pause between prompts: the simulated caller does not wait for the prompts to finish.
                case "Wait" -> {
                }
                default -> throw new InvalidXmlException("<" + child.getTagName() + "> cannot be inside <GetDigits>");
            }
        }
        // Plivo's finishOnKey is one key; "none" (or an empty value) means no key ends the input.
        String finishOnKey = element.hasAttribute("finishOnKey") ? element.getAttribute("finishOnKey").trim() : "#";
        if (finishOnKey.equalsIgnoreCase("none")) {
            finishOnKey = "";
        }
        if (finishOnKey.length() > 1 || !finishOnKey.isEmpty() && GET_DIGITS_VALID.indexOf(finishOnKey.charAt(0)) < 0) {
            throw new InvalidXmlException("GetDigits finishOnKey=\"" + finishOnKey + "\" is not one of 0-9, * or #");
        }
        String validDigits = attribute(element, "validDigits");
        return new Verb.GetDigits(
                attribute(element, "action"),
                method(element, "method"),
                orDefault(positiveInt(element, "timeout"), GET_DIGITS_TIMEOUT),
                orDefault(positiveInt(element, "digitTimeout"), GET_DIGITS_DIGIT_TIMEOUT),
                finishOnKey,
                orDefault(positiveInt(element, "numDigits"), GET_DIGITS_NUM_DIGITS),
                orDefault(positiveInt(element, "retries"), 1),
                bool(element, "redirect", true),
                validDigits == null ? GET_DIGITS_VALID : validDigits,
                attribute(element, "invalidDigitsSound"),
                prompts);
    }

    private static Verb.Record record(Element element) throws InvalidXmlException {
        String format = attribute(element, "fileFormat");
        String fileFormat = format == null ? "mp3" : format.toLowerCase(Locale.ROOT);
        if (!fileFormat.equals("mp3") && !fileFormat.equals("wav")) {
            throw new InvalidXmlException("Record fileFormat=\"" + format + "\" is neither mp3 nor wav");
        }
        return new Verb.Record(
                attribute(element, "action"),
                method(element, "method"),
                fileFormat,
                bool(element, "redirect", true),
                orDefault(positiveInt(element, "maxLength"), RECORD_MAX_LENGTH),
                bool(element, "recordSession", false),
                bool(element, "startOnDialAnswer", false),
                attribute(element, "callbackUrl"),
                method(element, "callbackMethod"));
    }

    private static int orDefault(@Nullable Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static boolean bool(Element element, String name, boolean fallback) throws InvalidXmlException {
        String value = attribute(element, name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidXmlException(element.getTagName() + " " + name + "=\"" + value
                    + "\" is neither true nor false");
        };
    }

    private static @Nullable String attribute(Element element, String name) {
        if (!element.hasAttribute(name)) {
            return null;
        }
        String value = element.getAttribute(name).trim();
        return value.isEmpty() ? null : value;
    }

    private static @Nullable Integer positiveInt(Element element, String name) throws InvalidXmlException {
        String value = attribute(element, name);
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the attribute's name.
        }
        throw new InvalidXmlException(element.getTagName() + " " + name + "=\"" + value
                + "\" is not a positive whole number");
    }

    private static String method(Element element, String name) throws InvalidXmlException {
        String value = attribute(element, name);
        if (value == null) {
            return "POST";
        }
        String method = value.toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new InvalidXmlException(element.getTagName() + " " + name + "=\"" + value
                    + "\" is neither GET nor POST");
        }
        return method;
    }

    private static String requiredText(Element element) throws InvalidXmlException {
        String text = element.getTextContent().trim();
        if (text.isEmpty()) {
            throw new InvalidXmlException("<" + element.getTagName() + "> is empty");
        }
        return text;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused the hardening features", e);
        }
    }

    /** Fails on every problem instead of printing it to stderr, the JDK default. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not make a document invalid.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
