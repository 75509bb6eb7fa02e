package dev.veil.platform.privacy;

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
}
