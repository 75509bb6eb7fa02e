package dev.veil.session.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Plivo's auth id format ({@code MA} for a main account, {@code SA} for a subaccount, then 18 upper-case letters
 * or digits; the Java SDK refuses anything else) and fresh ids and tokens.
 */
public final class AuthIds {

    private static final Pattern MAIN = Pattern.compile("MA[A-Z0-9]{18}");
    private static final Pattern SUB = Pattern.compile("SA[A-Z0-9]{18}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthIds() {
    }

    public static boolean isMainAccount(String authId) {
        return MAIN.matcher(authId).matches();
    }

    public static boolean isSubaccount(String authId) {
        return SUB.matcher(authId).matches();
    }

    static String newMainAccount() {
        return "MA" + random(18);
    }

    static String newSubaccount() {
        return "SA" + random(18);
    }

    /** 32 random bytes, URL-safe Base64: as hard to guess as a token can usefully be. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String random(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
