package dev.veil.session.callbacks;

import dev.veil.platform.webhook.PlivoSignatureV3;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signs a callback as Plivo signs its webhooks (PLIVO_API.md §7.4): {@code X-Plivo-Signature-V3} with the token of
 * the account that owns the session, {@code X-Plivo-Signature-Ma-V3} with the main account's token when that owner
 * is a subaccount, and the {@code X-Plivo-Signature-V3-Nonce} both are computed with. Plivo's SDKs disagree on the
 * URL's port (Python, Node and Go keep it; Java drops it), so for a URL with an explicit port each header holds both
 * signatures, comma-separated, as the validators allow: every SDK's validator accepts one of them.
 */
final class CallbackSigner {

    static final String MAIN_ACCOUNT_HEADER = "X-Plivo-Signature-Ma-V3";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallbackSigner() {
    }

    /** A fresh nonce: 20 random digits, like Plivo's. */
    static String nonce() {
        StringBuilder nonce = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            nonce.append(RANDOM.nextInt(10));
        }
        return nonce.toString();
    }

    /** The signature header value of a request to {@code url} with these parameters. */
    static String sign(String method, String url, Map<String, List<String>> params, String nonce, String token) {
        List<String> signatures = new ArrayList<>();
        signatures.add(PlivoSignatureV3.sign(method, url, params, nonce, token));
        String withoutPort = withoutPort(url);
        if (!withoutPort.equals(url)) {
            signatures.add(PlivoSignatureV3.sign(method, withoutPort, params, nonce, token));
        }
        // No space after the comma: the Java SDK splits on "," and compares exactly.
        return String.join(",", signatures);
    }

    private static String withoutPort(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getPort() == -1) {
                return url;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return url;
        }
    }
}
