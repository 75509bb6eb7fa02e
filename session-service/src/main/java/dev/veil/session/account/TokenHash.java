package dev.veil.session.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Salted SHA-256 hashes of auth tokens, stored as {@code sha256$<salt>$<hash>} (Base64). Auth tokens are long
 * random secrets rather than passwords people choose, so a slow password hash would add no protection and would
 * make every API request expensive; the salt keeps equal tokens from having equal hashes.
 */
final class TokenHash {

    private static final String SCHEME = "sha256";
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /**
     * The hash of a random token nobody knows: checked against when an account does not exist, so an unknown auth
     * id takes as long to reject as a wrong token.
     */
    static final String UNKNOWN_ACCOUNT = of(UUID.randomUUID() + "-" + UUID.randomUUID());

    private TokenHash() {
    }

    /** The stored form of {@code token} with a fresh random salt. */
    static String of(String token) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(token, salt);
    }

    private static String of(String token, byte[] salt) {
        return SCHEME + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(digest(salt, token));
    }

    /** Whether {@code token} is the token {@code stored} was made from; the hashes are compared in constant time. */
    static boolean matches(String token, String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 3 || !SCHEME.equals(parts[0])) {
            return false;
        }
        byte[] expected;
        byte[] salt;
        try {
            salt = DECODER.decode(parts[1]);
            expected = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(salt, token));
    }

    private static byte[] digest(byte[] salt, String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
