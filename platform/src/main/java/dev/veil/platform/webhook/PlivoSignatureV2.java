package dev.veil.platform.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Plivo's older webhook signature, {@code X-Plivo-Signature-V2}: Base64(HMAC-SHA256(auth token, URL + nonce)),
 * where the URL is {@code scheme://host[:port]/path} without its query, and no parameter is signed (PLIVO_API.md
 * §7.4). Plivo still sends it beside {@link PlivoSignatureV3}, with a nonce of its own.
 */
public final class PlivoSignatureV2 {

    public static final String SIGNATURE_HEADER = "X-Plivo-Signature-V2";
    public static final String NONCE_HEADER = "X-Plivo-Signature-V2-Nonce";

    private PlivoSignatureV2() {
    }

    public static String sign(String url, String nonce, String authToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((withoutQuery(url) + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code signature} is the V2 signature of the URL and nonce; compares in constant time. */
    public static boolean verify(String url, String nonce, String signature, String authToken) {
        return MessageDigest.isEqual(sign(url, nonce, authToken).getBytes(StandardCharsets.UTF_8),
                signature.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static String withoutQuery(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
