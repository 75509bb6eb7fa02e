package dev.veil.router.carrier;

import dev.veil.router.call.CallInstruction;
import dev.veil.router.call.CallReport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One voice carrier's webhook dialect: how its requests are signed, what its parameters mean and how it is told what
 * to do. Call handling itself is carrier-neutral ({@link dev.veil.router.call.CallHandler}); adding a carrier means
 * adding an implementation, whose webhooks are then served under {@code /carrier/{name}/}.
 */
public interface CarrierAdapter {

    /** The carrier's path segment, for example {@code plivo}. */
    String name();

    /** The webhook names the carrier posts to, each served at {@code /carrier/{name}/{webhook}}. */
    Set<String> webhooks();

    /**
     * The nonce of the request's signature when the request really comes from the carrier: its signature over
     * {@code url} (the URL the carrier posted to) and the form parameters verifies with one of Veil's carrier
     * tokens; empty otherwise. Compares in constant time.
     */
    Optional<String> authenticNonce(String url, Map<String, List<String>> form, HttpHeaders headers);

    /**
     * What the webhook reports, from its form parameters and its URL's query parameters; empty for a report Veil
     * does not track (it is acknowledged and not recorded).
     *
     * @throws MalformedWebhookException when a parameter the report needs is missing or unreadable
     */
    Optional<CallReport> read(String webhook, Map<String, List<String>> form);

    /** The instruction as the carrier's call-control document. */
    String render(CallInstruction instruction);

    /** Content type of {@link #render} documents. */
    MediaType documentType();
}
