package dev.veil.session.account;

import dev.veil.session.SessionProperties.TokenEncryption;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * AES-256-GCM encryption of auth tokens with configured keys ({@code veil.session.token-encryption.*}). The stored
 * form is Base64 of IV (12 bytes) || ciphertext || tag, with the auth id as associated data, so a ciphertext copied
 * onto another account does not decrypt. The key id is stored beside it, so keys can be rotated.
 */
final class TokenCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    /** @throws IllegalArgumentException when the active key is missing or a key is not 32 bytes of Base64 */
    TokenCipher(TokenEncryption config) {
        Map<String, SecretKeySpec> parsed = new HashMap<>();
        config.keys().forEach((id, base64) -> {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("veil.session.token-encryption.keys." + id + " is not Base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("veil.session.token-encryption.keys." + id
                        + " must be 32 bytes (AES-256), Base64-encoded");
            }
            parsed.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!parsed.containsKey(config.activeKeyId())) {
            throw new IllegalArgumentException("veil.session.token-encryption.active-key-id '" + config.activeKeyId()
                    + "' names no key of veil.session.token-encryption.keys");
        }
        this.keys = Map.copyOf(parsed);
        this.activeKeyId = config.activeKeyId();
    }

    String activeKeyId() {
        return activeKeyId;
    }

    /** The token encrypted with the active key, bound to {@code authId}. */
    String encrypt(String authId, String token) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(authId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The token {@link #encrypt} sealed for {@code authId} under {@code keyId}.
     *
     * @throws IllegalStateException when the key is not configured or the ciphertext does not authenticate
     */
    String decrypt(String authId, String keyId, String stored) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("the token of " + authId + " is encrypted with key '" + keyId
                    + "', which veil.session.token-encryption.keys does not list");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(authId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored token of " + authId + " does not decrypt", e);
        }
    }
}
