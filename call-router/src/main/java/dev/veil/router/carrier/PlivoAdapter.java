package dev.veil.router.carrier;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.webhook.PlivoSignatureV2;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallReport;
import dev.veil.router.call.CallReport.CallHungUp;
import dev.veil.router.call.CallReport.DialAnswered;
import dev.veil.router.call.CallReport.DialCompleted;
import dev.veil.router.call.CallReport.DialEnded;
import dev.veil.router.call.CallReport.IncomingCall;
import dev.veil.router.call.CallReport.OutboundAnswered;
import dev.veil.router.call.CallReport.PinEntered;
import dev.veil.router.call.CallReport.SoundRequested;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plivo's voice webhooks: {@code answer} (a call to a virtual number), {@code pin?attempt=N} (the GetDigits action:
 * the PIN typed), {@code outbound-answer?session=S} (the answer URL of a request-a-call call Veil placed),
 * {@code dial-events} (the Dial {@code callbackUrl}: the dialled leg answered or hung up), {@code dial-status} (the
 * Dial {@code action}: the dial's outcome), {@code callee-sound?play=URL} (the Dial {@code confirmSound}) and
 * {@code hangup} (the A leg ended). Form-encoded, numbers without {@code +}, signed with
 * {@code X-Plivo-Signature-V3} (or the older {@code X-Plivo-Signature-V2}) using Veil's carrier auth token;
 * answered with Plivo XML.
 */
final class PlivoAdapter implements CarrierAdapter {

    static final String ANSWER = "answer";
    static final String DIAL_EVENTS = "dial-events";
    static final String DIAL_STATUS = "dial-status";
    static final String HANGUP = "hangup";
    static final String PIN = "pin";
    static final String OUTBOUND_ANSWER = "outbound-answer";
    static final String CALLEE_SOUND = "callee-sound";

    /** Plivo's time format, in UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** At most this many virtual numbers are kept parsed; beyond, the others are parsed on each webhook. */
    private static final int PARSED_VIRTUAL_NUMBERS = 100_000;

    private final List<String> authTokens;
    private final PlivoXml xml;
    /**
     * The numbers called by the inbound calls of {@code answer} and {@code pin} ({@code To}: Veil's own virtual
     * numbers, a bounded set, no one's private number), parsed as posted: parsing a number costs as much as routing
     * the call, and every call names its virtual number again.
     */
    private final Map<String, PhoneNumber> virtualNumbers = new ConcurrentHashMap<>();
    /** An answer's caller who is a party of the called number is taken as known, not parsed again. */
    private final KnownCallers knownCallers;

    /**
     * @param authTokens   Veil's carrier auth tokens; a signature made with any one is accepted
     * @param webhookBase  the public base URL the carrier posts to
     * @param knownCallers the parties of the sessions on each virtual number, as the routing index holds them
     */
    PlivoAdapter(List<String> authTokens, String webhookBase, KnownCallers knownCallers) {
        this.knownCallers = knownCallers;
        this.authTokens = List.copyOf(authTokens);
        this.xml = new PlivoXml(webhookBase);
    }

    @Override
    public String name() {
        return "plivo";
    }

    @Override
    public Set<String> webhooks() {
        return Set.of(ANSWER, DIAL_EVENTS, DIAL_STATUS, HANGUP, PIN, OUTBOUND_ANSWER, CALLEE_SOUND);
    }

    /**
     * Verifies {@code X-Plivo-Signature-V3} when present, else {@code X-Plivo-Signature-V2}; the nonce of the
     * signature verified is the request's nonce.
     */
    @Override
    public Optional<String> authenticNonce(String url, Map<String, List<String>> form, HttpHeaders headers) {
        String signature = headers.getFirst(PlivoSignatureV3.SIGNATURE_HEADER);
        if (signature != null) {
            String nonce = headers.getFirst(PlivoSignatureV3.NONCE_HEADER);
            boolean authentic = false;
            for (String token : authTokens) {
                // Every token is tried, so the time taken does not tell which one matched.
                authentic |= PlivoSignatureV3.verify("POST", url, form, nonce, signature, token);
            }
            return authentic && nonce != null ? Optional.of(nonce) : Optional.empty();
        }
        String v2 = headers.getFirst(PlivoSignatureV2.SIGNATURE_HEADER);
        String nonce = headers.getFirst(PlivoSignatureV2.NONCE_HEADER);
        if (v2 == null || nonce == null || nonce.isEmpty()) {
            return Optional.empty();
        }
        boolean authentic = false;
        for (String token : authTokens) {
            authentic |= PlivoSignatureV2.verify(url, nonce, v2, token);
        }
        return authentic ? Optional.of(nonce) : Optional.empty();
    }

    @Override
    public Optional<CallReport> read(String webhook, Map<String, List<String>> form) {
        Params params = new Params(form);
        return switch (webhook) {
            case ANSWER -> {
                PhoneNumber called = called(params);
                PhoneNumber known = called == null ? null : knownCallers.partyOn(called, params.optional("From"));
                yield Optional.of(new IncomingCall(params.required("CallUUID"),
                        known != null ? known : params.number("From"), called));
            }
            case DIAL_EVENTS -> switch (params.optional("DialAction")) {
                case "answer" -> Optional.of(new DialAnswered(params.required("DialALegUUID"),
                        params.required("DialBLegUUID"), params.number("DialBLegTo")));
                case "hangup" -> Optional.of(new DialEnded(params.required("DialALegUUID"),
                        params.required("DialBLegUUID"), params.seconds("DialBLegDuration"),
                        params.seconds("DialBLegBillDuration"), params.optional("DialBLegHangupCause"),
                        params.number("DialBLegTo")));
                // connected, digits, ...: nothing Veil tracks.
                default -> Optional.empty();
            };
            case DIAL_STATUS -> {
                String bLeg = params.optional("DialBLegUUID");
                yield Optional.of(new DialCompleted(params.required("DialALegUUID"), bLeg.isEmpty() ? null : bLeg,
                        params.optional("DialStatus"), params.optional("DialHangupCause")));
            }
            case PIN -> Optional.of(new PinEntered(params.required("CallUUID"), params.attempt(),
                    params.optional("Digits").replace("#", ""), params.number("From"), called(params)));
            case OUTBOUND_ANSWER -> Optional.of(new OutboundAnswered(params.required("CallUUID"),
                    params.required("session")));
            case CALLEE_SOUND -> Optional.of(new SoundRequested(params.optional("CallUUID"),
                    params.required("play")));
            case HANGUP -> Optional.of(new CallHungUp(params.required("CallUUID"), params.seconds("Duration"),
                    params.seconds("BillDuration"), params.optional("HangupCause"), params.time("StartTime"),
                    params.time("EndTime"), params.number("From"), params.number("To")));
            default -> throw new IllegalArgumentException("not a Plivo webhook: " + webhook);
        };
    }

    /** The virtual number an inbound call called ({@code To}); null when absent or invalid, which no route matches. */
    private @Nullable PhoneNumber called(Params params) {
        String raw = params.optional("To");
        PhoneNumber parsed = virtualNumbers.get(raw);
        if (parsed == null) {
            parsed = params.number("To");
            if (parsed != null && virtualNumbers.size() < PARSED_VIRTUAL_NUMBERS) {
                virtualNumbers.put(raw, parsed);
            }
        }
        return parsed;
    }

    @Override
    public String render(CallInstruction instruction) {
        return xml.render(instruction);
    }

    @Override
    public MediaType documentType() {
        return MediaType.APPLICATION_XML;
    }

    /** Form parameters by name, first value. */
    private record Params(Map<String, List<String>> form) {

        String optional(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() || values.getFirst() == null ? "" : values.getFirst().trim();
        }

        String required(String name) {
            String value = optional(name);
            if (value.isEmpty()) {
                throw new MalformedWebhookException(name);
            }
            return value;
        }

        /** A number as Plivo sends it (no {@code +}); null when withheld or invalid, which no route matches. */
        @Nullable PhoneNumber number(String name) {
            try {
                return PhoneNumber.parse(optional(name));
            } catch (InvalidPhoneNumberException e) {
                return null;
            }
        }

        /** The PIN try number of Veil's GetDigits action URL, 1 or more. */
        int attempt() {
            try {
                int attempt = Integer.parseInt(required("attempt"));
                if (attempt < 1) {
                    throw new MalformedWebhookException("attempt");
                }
                return attempt;
            } catch (NumberFormatException e) {
                throw new MalformedWebhookException("attempt");
            }
        }

        /** Whole seconds; absent means 0. */
        int seconds(String name) {
            String value = optional(name);
            try {
                return value.isEmpty() ? 0 : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new MalformedWebhookException(name);
            }
        }

        /** A {@code yyyy-MM-dd HH:mm:ss} UTC time; null when absent or unreadable, as Plivo omits unknown times. */
        @Nullable Instant time(String name) {
            String value = optional(name);
            try {
                return value.isEmpty() ? null : LocalDateTime.parse(value, TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
