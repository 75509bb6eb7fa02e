package dev.veil.platform.privacy;

import dev.veil.platform.phone.PhoneNumber;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Keyed hash of a phone number (a "blind index"): HMAC-SHA256 of the E.164 number with the deployment's blind-index
 * key, first 16 bytes, Base64url without padding (22 characters). Equal numbers give equal indexes, so tables can be
 * looked up and filtered by number and analytics can count and join, while the index does not reveal the number to
 * anyone without the key (a plain hash would: phone numbers are few enough to enumerate).
 */
public final class BlindIndex {

    private final SecretKeySpec key;

    /** @param base64Key 32 bytes, Base64 ({@code veil.privacy.blind-index-key}) */
    public BlindIndex(String base64Key) {
        this.key = new SecretKeySpec(Keys.decode("veil.privacy.blind-index-key", base64Key, 32), "HmacSHA256");
    }

    /** The index of a number. */
    public String of(PhoneNumber number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(number.e164().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
