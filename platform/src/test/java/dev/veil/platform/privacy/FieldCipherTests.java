package dev.veil.platform.privacy;

import dev.veil.events.PartyNumber;
import dev.veil.platform.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FieldCipherTests {

    static final String OLD = "ileJ8XEa/WbjW4Mu4c/tdxuYYTldc0QvWffOYmz3QE8=";
    static final String NEW = "UyasqcnpJo6RDmPgecBlYKwW3Zxc9eYCYnsAK2Nge+A=";

    @Test
    void sealsWithTheActiveKeyAndOpensWithAnyListedKey() {
        FieldCipher before = new FieldCipher("t", "k1", Map.of("k1", OLD));
        FieldCipher after = new FieldCipher("t", "k2", Map.of("k1", OLD, "k2", NEW));

        String sealed = before.encrypt("+14155550100", "sessions.first_party");

        assertThat(sealed).startsWith("k1.").doesNotContain("4155550100");
        assertThat(before.encrypt("+14155550100", "sessions.first_party")).isNotEqualTo(sealed);
        assertThat(after.decrypt(sealed, "sessions.first_party")).isEqualTo("+14155550100");
        assertThat(after.isCurrent(sealed)).isFalse();
        assertThat(after.isCurrent(after.encrypt("x", "c"))).isTrue();
        assertThat(FieldCipher.keyId(sealed)).isEqualTo("k1");
    }

    @Test
    void aValueDoesNotOpenInAnotherContextTamperedOrWithoutItsKey() {
        FieldCipher cipher = new FieldCipher("t", "k1", Map.of("k1", OLD));
        String sealed = cipher.encrypt("+14155550100", "sessions.first_party");
        int middle = sealed.length() / 2;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
                + sealed.substring(middle + 1);

        assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt(sealed, "sessions.second_party"))
                .withMessageNotContaining("4155550100");
        assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt(tampered, "sessions.first_party"));
        assertThatIllegalStateException()
                .isThrownBy(() -> new FieldCipher("t", "k2", Map.of("k2", NEW)).decrypt(sealed, "sessions.first_party"))
                .withMessageContaining("'k1'");
    }

    @Test
    void aColumnSealsForItselfAndPassesNullsThrough() {
        FieldCipher cipher = new FieldCipher("t", "k1", Map.of("k1", OLD));
        EncryptedColumn first = new EncryptedColumn("sessions", "first_party");

        String sealed = first.seal(cipher, "+14155550100");

        assertThat(sealed).startsWith("k1.").doesNotContain("4155550100");
        assertThat(first.open(cipher, sealed)).isEqualTo("+14155550100");
        assertThat(cipher.decrypt(sealed, "sessions.first_party")).isEqualTo("+14155550100");
        assertThatIllegalStateException()
                .isThrownBy(() -> new EncryptedColumn("sessions", "second_party").open(cipher, sealed));
        assertThat(first.seal(cipher, null)).isNull();
        assertThat(first.open(cipher, null)).isNull();
    }

    @Test
    void misconfiguredKeysAreRefusedWithoutShowingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FieldCipher("veil.privacy.data", "k9",
                Map.of("k1", OLD))).withMessageContaining("active-key-id 'k9'");
        assertThatIllegalArgumentException().isThrownBy(() -> new FieldCipher("veil.privacy.data", "k1",
                Map.of("k1", "c2hvcnQ="))).withMessage("veil.privacy.data.keys.k1 must be 32 bytes, Base64-encoded");
        assertThatIllegalArgumentException().isThrownBy(() -> new FieldCipher("veil.privacy.data", "k.1",
                Map.of("k.1", OLD))).withMessageContaining("key id 'k.1'");
    }

    @Test
    void blindIndexIsStableKeyedAndRevealsNothing() {
        PhoneNumber number = PhoneNumber.parse("+14155550100");
        BlindIndex index = new BlindIndex(OLD);

        assertThat(index.of(number)).hasSize(22).matches("[A-Za-z0-9_-]{22}")
                .isEqualTo(index.of(PhoneNumber.parse("14155550100")))
                .isNotEqualTo(index.of(PhoneNumber.parse("+14155550101")))
                .isNotEqualTo(new BlindIndex(NEW).of(number));
    }

    @Test
    void partiesAndPinsRoundTripThroughTheEventKeyOnly() {
        PrivacyKeys sealing = new PrivacyKeys(null, new FieldCipher("e", "e1", Map.of("e1", NEW)),
                new BlindIndex(OLD));
        PrivacyKeys withoutEventKey = new PrivacyKeys(new FieldCipher("d", "d1", Map.of("d1", NEW)), null, null);
        PhoneNumber number = PhoneNumber.parse("+442079460018");

        PartyNumber party = sealing.party(number);

        assertThat(party.country()).isEqualTo("GB");
        assertThat(party.index()).isEqualTo(new BlindIndex(OLD).of(number));
        assertThat(party.sealed()).doesNotContain("2079460018");
        assertThat(sealing.number(party)).isEqualTo(number);
        assertThat(sealing.openPin(sealing.sealPin("4821"))).isEqualTo("4821");
        assertThat(sealing.number(null)).isNull();
        assertThatIllegalStateException().isThrownBy(() -> sealing.openPin(party.sealed()));
        assertThatIllegalStateException().isThrownBy(() -> withoutEventKey.number(party))
                .withMessageContaining("veil.privacy.events");
    }
}
