package dev.veil.platform.privacy;

import org.jspecify.annotations.Nullable;

/**
 * A text column of one of this service's tables whose values are sealed with the data key ring
 * ({@link PrivacyKeys#data()}), with {@link #context()} as associated data. Declared as a bean, so that
 * {@link KeyRotation} re-encrypts it when the active key changes.
 *
 * @param table  table name in the service's schema
 * @param column column name; NULL values are skipped
 */
public record EncryptedColumn(String table, String column) {

    /** The associated data values of this column are sealed with: {@code table.column}. */
    public String context() {
        return table + "." + column;
    }

    /** {@code value} sealed for this column with {@code cipher}'s active key; null for null. */
    public @Nullable String seal(FieldCipher cipher, @Nullable String value) {
        return value == null ? null : cipher.encrypt(value, context());
    }

    /** The value {@link #seal} sealed for this column; null for null. */
    public @Nullable String open(FieldCipher cipher, @Nullable String sealed) {
        return sealed == null ? null : cipher.decrypt(sealed, context());
    }
}
