package dev.veil.allocation;

import dev.veil.events.PartyNumber;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A party as allocation-service sees it: the blind index of its number and the number's country, never the number.
 * Each one made here is fresh: its index is 16 random bytes in Base64url (the shape of a real blind index, 22
 * characters), so tests sharing one database never see each other's parties.
 *
 * @param index   a blind index, 22 characters of Base64url
 * @param country ISO 3166 alpha-2
 */
public record TestParty(String index, String country) {

    /** A fresh party with a US number. */
    public static TestParty party() {
        return party("US");
    }

    /** A fresh party with a number of {@code country}. */
    public static TestParty party(String country) {
        byte[] hash = new byte[16];
        ThreadLocalRandom.current().nextBytes(hash);
        return new TestParty(Base64.getUrlEncoder().withoutPadding().encodeToString(hash), country);
    }

    /** This party's fields in an allocation request as {@code role} ({@code first_party} or {@code second_party}). */
    public Map<String, Object> fields(String role) {
        return Map.of(role + "_index", index, role + "_country", country);
    }

    /**
     * This party in a session event. allocation-service never opens {@code sealed}, so it holds no real
     * ciphertext.
     */
    public PartyNumber number() {
        return new PartyNumber(index, country, "sealed." + index);
    }
}
