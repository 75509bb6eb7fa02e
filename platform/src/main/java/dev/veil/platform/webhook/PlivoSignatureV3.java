package dev.veil.platform.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plivo's {@code X-Plivo-Signature-V3} webhook signature: Base64(HMAC-SHA256(authToken, canonical + "." + nonce)),
 * where the canonical string is built from the URL and the parameters as the Python, Node and Go SDKs build it
 * (the port is kept). Verification compares in constant time and accepts any one of several comma-separated
 * signatures.
 */
public final class PlivoSignatureV3 {

    public static final String SIGNATURE_HEADER = "X-Plivo-Signature-V3";
    public static final String NONCE_HEADER = "X-Plivo-Signature-V3-Nonce";

    private PlivoSignatureV3() {
    }

    /** The signature of a request with these form (POST) or query (GET) parameters. */
    public static String sign(String method, String url, Map<String, List<String>> params, String nonce,
            String authToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((canonical(method, url, params) + "." + nonce)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether any of the comma-separated signatures in {@code header} is the request's signature. */
    public static boolean verify(String method, String url, Map<String, List<String>> params, String nonce,
            String header, String authToken) {
        if (header == null || nonce == null || header.isBlank()) {
            return false;
        }
        byte[] expected = sign(method, url, params, nonce, authToken).getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String candidate : header.split(",")) {
            // Every candidate is compared, in constant time, so timing reveals neither which nor how much matched.
            match |= MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    static String canonical(String method, String url, Map<String, List<String>> params) {
        URI uri = URI.create(url);
        String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        Map<String, List<String>> query = parseQuery(uri.getRawQuery());
        if ("GET".equalsIgnoreCase(method)) {
            Map<String, List<String>> merged = new TreeMap<>(query);
            params.forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            return merged.isEmpty() ? base : base + "?" + joined(merged, "=", "&");
        }
        if (!query.isEmpty()) {
            String canonical = base + "?" + joined(query, "=", "&") + "." + joined(params, "", "");
            return canonical.endsWith(".") ? canonical.substring(0, canonical.length() - 1) : canonical;
        }
        return params.isEmpty() ? base : base + "?" + joined(params, "", "");
    }

    private static String joined(Map<String, List<String>> params, String keyValue, String separator) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(params).forEach((k, values) -> values.stream().sorted()
                .forEach(v -> parts.add(k + keyValue + v)));
        return String.join(separator, parts);
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
