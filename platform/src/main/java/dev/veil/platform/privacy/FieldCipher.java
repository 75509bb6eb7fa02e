package dev.veil.platform.privacy;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AES-256-GCM encryption of personal data with a key ring, so keys can rotate: values are sealed with the active key
 * and open with any key still listed. A sealed value reads {@code <key id>.<Base64url of IV, ciphertext and tag>},
 * so it names its key. The {@code context} (for a database column its {@link EncryptedColumn#context()}) is
 * authenticated associated data: a value copied into another column does not open.
 */
public final class FieldCipher {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** One cipher per thread, initialised anew for each value: looking up the provider's is the costly part. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;

    /**
     * @param what        the configuration prefix, for error messages
     * @param activeKeyId the key new values are sealed with
     * @param keys        every key id with its 32-byte key, Base64
     * @throws IllegalArgumentException when a key id or key is malformed or the active key is not listed
     */
    public FieldCipher(String what, String activeKeyId, Map<String, String> keys) {
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        keys.forEach((id, base64) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(what + ".keys: key id '" + id + "' must be 1-32 of A-Z a-z 0-9 _ -");
            }
            parsed.put(id, new SecretKeySpec(Keys.decode(what + ".keys." + id, base64, 32), "AES"));
        });
        if (!parsed.containsKey(activeKeyId)) {
            throw new IllegalArgumentException(what + ".active-key-id '" + activeKeyId + "' names no key of "
                    + what + ".keys");
        }
        this.activeKeyId = activeKeyId;
        this.keys = Map.copyOf(parsed);
    }

    /** The id of the key new values are sealed with. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** {@code plaintext} sealed with the active key for {@code context}. */
    public String encrypt(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return activeKeyId + "." + ENCODER.encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plaintext of a value {@link #encrypt} sealed for {@code context}.
     *
     * @throws IllegalStateException when the value names a key this ring does not hold, or does not authenticate
     *                               (tampered, or sealed for another context); the message never holds the value
     */
    public String decrypt(String sealed, String context) {
        String keyId = keyId(sealed);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("a value of " + context + " is sealed with key '" + keyId
                    + "', which this service's key ring does not list");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed.substring(keyId.length() + 1));
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("a value of " + context + " does not decrypt with key '" + keyId + "'");
        }
    }

    /** The key id a sealed value names. */
    public static String keyId(String sealed) {
        int dot = sealed.indexOf('.');
        if (dot < 1) {
            throw new IllegalStateException("not a sealed value: it names no key");
        }
        return sealed.substring(0, dot);
    }

    /** Whether a sealed value is sealed with the active key (else key rotation re-encrypts it). */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith(activeKeyId + ".");
    }
}
