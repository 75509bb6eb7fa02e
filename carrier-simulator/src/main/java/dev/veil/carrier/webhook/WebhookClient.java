package dev.veil.carrier.webhook;

import dev.veil.platform.webhook.PlivoSignatureV2;
import dev.veil.platform.webhook.PlivoSignatureV3;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * Sends one webhook the way Plivo does: POST with an {@code application/x-www-form-urlencoded} body (or GET with
 * the parameters in the query string, when the XML asked for GET), signed with {@code X-Plivo-Signature-V3} (and
 * the main-account variant {@code X-Plivo-Signature-Ma-V3}, the same here since there are no subaccounts) under
 * a fresh random numeric nonce. Blocking: each simulated call runs on its own virtual thread.
 */
public final class WebhookClient implements AutoCloseable {

    /** Signature with the main account's token; Plivo sends it beside the plain one. */
    static final String MAIN_ACCOUNT_SIGNATURE_HEADER = "X-Plivo-Signature-Ma-V3";
    /** The older V2 signature Plivo still sends beside V3, with its own nonce. */
    static final String V2_MAIN_ACCOUNT_SIGNATURE_HEADER = "X-Plivo-Signature-Ma-V2";

    private static final int NONCE_DIGITS = 20;

    private final HttpClient http;
    private final String authToken;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    public WebhookClient(String authToken, Duration timeout) {
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1, as a carrier's webhook client; no h2c upgrade dance with the application.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authToken = authToken;
        this.timeout = timeout;
    }

    /**
     * Sends {@code params} to {@code url} and waits for the answer, at most the configured timeout.
     *
     * @param method {@code POST} or {@code GET}
     */
    public WebhookResponse send(String method, String url, SequencedMap<String, String> params) {
        boolean get = "GET".equals(method);
        URI target;
        try {
            target = URI.create(get ? withQuery(url, params) : url);
            if (target.getHost() == null) {
                return new WebhookResponse(null, "", "not an absolute URL");
            }
        } catch (IllegalArgumentException e) {
            return new WebhookResponse(null, "", "not a valid URL");
        }
        String nonce = nonce();
        String signature = PlivoSignatureV3.sign(method, url, multi(params), nonce, authToken);
        String v2Nonce = nonce();
        String v2Signature = PlivoSignatureV2.sign(target.toString(), v2Nonce, authToken);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header(PlivoSignatureV3.SIGNATURE_HEADER, signature)
                .header(MAIN_ACCOUNT_SIGNATURE_HEADER, signature)
                .header(PlivoSignatureV3.NONCE_HEADER, nonce)
                .header(PlivoSignatureV2.SIGNATURE_HEADER, v2Signature)
                .header(V2_MAIN_ACCOUNT_SIGNATURE_HEADER, v2Signature)
                .header(PlivoSignatureV2.NONCE_HEADER, v2Nonce)
                .header("User-Agent", "veil-carrier-simulator");
        if (get) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(params), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new WebhookResponse(response.statusCode(), response.body(), null);
        } catch (HttpTimeoutException e) {
            return new WebhookResponse(null, "", "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new WebhookResponse(null, "", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResponse(null, "", "interrupted");
        }
    }

    private String nonce() {
        StringBuilder nonce = new StringBuilder(NONCE_DIGITS);
        nonce.append(1 + random.nextInt(9));
        for (int i = 1; i < NONCE_DIGITS; i++) {
            nonce.append(random.nextInt(10));
        }
        return nonce.toString();
    }

    private static Map<String, List<String>> multi(SequencedMap<String, String> params) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return multi;
    }

    private static String withQuery(String url, SequencedMap<String, String> params) {
        return params.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + encode(params);
    }

    private static String encode(SequencedMap<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public void close() {
        http.close();
    }
}
