package dev.veil.platform.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Re-encrypts every {@link EncryptedColumn} of this service with the active data key, in batches, while the
 * service runs: after an operator made a new key active (and rolled the service), this moves the old values over,
 * after which the retired key can be removed from the ring. Each row is rewritten only if it still holds the value
 * read, so a concurrent update is never overwritten. Exposed as the actuator endpoint {@code keyrotation}.
 */
public final class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final int BATCH = 500;

    private final DatabaseClient db;
    private final FieldCipher cipher;
    private final List<EncryptedColumn> columns;

    public KeyRotation(DatabaseClient db, FieldCipher cipher, List<EncryptedColumn> columns) {
        for (EncryptedColumn c : columns) {
            if (!NAME.matcher(c.table()).matches() || !NAME.matcher(c.column()).matches()) {
                throw new IllegalArgumentException("not a plain table and column name: " + c.context());
            }
        }
        this.db = db;
        this.cipher = cipher;
        this.columns = List.copyOf(columns);
    }

    /** Per column ({@code table.column}), how many values are sealed with each key id. */
    public Mono<Map<String, Map<String, Long>>> status() {
        return Flux.fromIterable(columns).concatMap(c -> db.sql("SELECT split_part(" + c.column() + ", '.', 1) AS k, "
                                + "count(*) AS n FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL GROUP BY k")
                        .map(row -> Map.entry(row.get("k", String.class), row.get("n", Long.class)))
                        .all()
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                        .map(counts -> Map.entry(c.context(), (Map<String, Long>) counts)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Re-encrypts every value not sealed with the active key; the number re-encrypted per column. */
    public Mono<Map<String, Long>> reEncryptAll() {
        return Flux.fromIterable(columns)
                .concatMap(c -> reEncrypt(c, 0L).map(n -> Map.entry(c.context(), n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .doOnNext(done -> log.info("key rotation: re-encrypted with key '{}': {}", cipher.activeKeyId(),
                        done));
    }

    private Mono<Long> reEncrypt(EncryptedColumn c, long sofar) {
        return db.sql("SELECT CAST(ctid AS text) AS row_id, " + c.column() + " AS v FROM " + c.table() + " WHERE "
                        + c.column() + " IS NOT NULL AND " + c.column() + " NOT LIKE :current LIMIT " + BATCH)
                .bind("current", cipher.activeKeyId() + ".%")
                .map(row -> Map.entry(row.get("row_id", String.class), row.get("v", String.class)))
                .all()
                .concatMap(row -> db.sql("UPDATE " + c.table() + " SET " + c.column() + " = :sealed WHERE ctid = "
                                + "CAST(:row_id AS tid) AND " + c.column() + " = :old")
                        .bind("sealed", c.seal(cipher, c.open(cipher, row.getValue())))
                        .bind("row_id", row.getKey())
                        .bind("old", row.getValue())
                        .fetch().rowsUpdated())
                .reduce(0L, Long::sum)
                .flatMap(n -> n == 0 ? Mono.just(sofar) : reEncrypt(c, sofar + n));
    }
}
