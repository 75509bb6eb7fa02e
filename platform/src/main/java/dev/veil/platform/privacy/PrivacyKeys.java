package dev.veil.platform.privacy;

import dev.veil.events.PartyNumber;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * The keys this service holds to protect real phone numbers, built from {@link PrivacyProperties}: its database key
 * ring, and where configured the event key ring and the blind-index key. Asking for a key the service does not hold
 * is a configuration error, reported as such.
 */
public final class PrivacyKeys {

    private static final String PARTY = "veil.event.party";
    private static final String PIN = "veil.event.pin";

    private final @Nullable FieldCipher data;
    private final @Nullable FieldCipher events;
    private final @Nullable BlindIndex blindIndex;

    public PrivacyKeys(@Nullable FieldCipher data, @Nullable FieldCipher events, @Nullable BlindIndex blindIndex) {
        this.data = data;
        this.events = events;
        this.blindIndex = blindIndex;
    }

    /** Built from configuration. */
    public static PrivacyKeys of(PrivacyProperties properties) {
        return new PrivacyKeys(
                properties.data() == null ? null : new FieldCipher("veil.privacy.data",
                        properties.data().activeKeyId(), properties.data().keys()),
                properties.events() == null ? null : new FieldCipher("veil.privacy.events",
                        properties.events().activeKeyId(), properties.events().keys()),
                properties.blindIndexKey() == null || properties.blindIndexKey().isBlank() ? null
                        : new BlindIndex(properties.blindIndexKey()));
    }

    /** The key ring of this service's database. */
    public FieldCipher data() {
        return require(data, "veil.privacy.data");
    }

    /** The key ring of numbers and PINs inside session events. */
    public FieldCipher events() {
        return require(events, "veil.privacy.events");
    }

    /** The blind index of phone numbers. */
    public BlindIndex blindIndex() {
        return require(blindIndex, "veil.privacy.blind-index-key");
    }

    /** A party's number as events carry it: its blind index, country, and the number sealed with the event key. */
    public PartyNumber party(PhoneNumber number) {
        return new PartyNumber(blindIndex().of(number), number.country(), events().encrypt(number.e164(), PARTY));
    }

    /** The number inside an event's party; null for a null party. */
    public @Nullable PhoneNumber number(@Nullable PartyNumber party) {
        return party == null ? null : PhoneNumber.parse(events().decrypt(party.sealed(), PARTY));
    }

    /** A PIN sealed with the event key; null for null. */
    public @Nullable String sealPin(@Nullable String pin) {
        return pin == null ? null : events().encrypt(pin, PIN);
    }

    /** The PIN inside a value {@link #sealPin} sealed; null for null. */
    public @Nullable String openPin(@Nullable String sealed) {
        return sealed == null ? null : events().decrypt(sealed, PIN);
    }

    private static <T> T require(@Nullable T key, String property) {
        if (key == null) {
            throw new IllegalStateException("this service holds no " + property + " key: configure it");
        }
        return key;
    }
}
