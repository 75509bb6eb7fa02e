package dev.veil.session.account;

import dev.veil.session.SessionProperties.TokenEncryption;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTests {

    private static final String OLD = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void encryptsWithTheActiveKeyAndDecryptsWithTheKeyNamedBesideTheCiphertext() {
        TokenCipher old = new TokenCipher(new TokenEncryption(Map.of("k1", OLD), "k1"));
        String sealed = old.encrypt("MAVEILDEMO0000000001", "secret-token");
        assertThat(sealed).doesNotContain("secret-token");
        assertThat(old.encrypt("MAVEILDEMO0000000001", "secret-token")).as("random IV").isNotEqualTo(sealed);

        TokenCipher rotated = new TokenCipher(new TokenEncryption(Map.of("k1", OLD, "k2", NEW), "k2"));
        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.decrypt("MAVEILDEMO0000000001", "k1", sealed)).isEqualTo("secret-token");
        assertThat(rotated.decrypt("MAVEILDEMO0000000001", "k2",
                rotated.encrypt("MAVEILDEMO0000000001", "t2"))).isEqualTo("t2");
    }

    @Test
    void aCiphertextDoesNotDecryptForAnotherAccountOrUnderAMissingKey() {
        TokenCipher cipher = new TokenCipher(new TokenEncryption(Map.of("k1", OLD), "k1"));
        String sealed = cipher.encrypt("MAVEILDEMO0000000001", "secret-token");
        assertThatThrownBy(() -> cipher.decrypt("MAOTHERTENANT0000001", "k1", sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> cipher.decrypt("MAVEILDEMO0000000001", "gone", sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'gone'");
    }

    @Test
    void refusesAMissingActiveKeyAndKeysThatAreNot256Bits() {
        assertThatThrownBy(() -> new TokenCipher(new TokenEncryption(Map.of("k1", OLD), "k2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active-key-id");
        assertThatThrownBy(() -> new TokenCipher(new TokenEncryption(
                Map.of("k1", Base64.getEncoder().encodeToString(new byte[16])), "k1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
