package dev.veil.platform.privacy;

import java.util.Base64;

/** Decoding of configured key material. */
final class Keys {

    private Keys() {
    }

    /** The Base64 key of a property, which must be {@code bytes} long; the message never holds the key. */
    static byte[] decode(String property, String base64, int bytes) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not Base64");
        }
        if (key.length != bytes) {
            throw new IllegalArgumentException(property + " must be " + bytes + " bytes, Base64-encoded");
        }
        return key;
    }
}
