package dev.veil.allocation.lifecycle;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Releases allocations in bulk in one SQL statement: each selected allocation becomes {@code released}, its
 * bindings are deleted and its number's live-session count goes down. Being one statement, replicas running it at
 * once release each allocation once.
 */
final class Releases {

    private Releases() {
    }

    /**
     * Releases the allocations whose session uuids {@code selection} returns (a SELECT over {@code allocations}
     * that may use {@code :now} and the named {@code parameters}; it should lock what it selects with
     * {@code FOR UPDATE SKIP LOCKED}, so a row a concurrent transaction is changing is left for the next run rather
     * than released from a stale read); emits how many.
     */
    static Mono<Long> release(DatabaseClient db, String selection, OffsetDateTime now,
            Map<String, Object> parameters) {
        DatabaseClient.GenericExecuteSpec statement = db.sql("""
                        WITH released AS (
                            UPDATE allocations SET status = 'released', released_at = :now
                            WHERE session_uuid IN (%s)
                            RETURNING session_uuid, virtual_number),
                        unbound AS (
                            DELETE FROM bindings WHERE session_uuid IN (SELECT session_uuid FROM released)),
                        unloaded AS (
                            UPDATE virtual_numbers v SET live_sessions = v.live_sessions - r.n
                            FROM (SELECT virtual_number, count(*) AS n FROM released GROUP BY virtual_number) r
                            WHERE v.number = r.virtual_number)
                        SELECT count(*) FROM released""".formatted(selection))
                .bind("now", now);
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            statement = statement.bind(parameter.getKey(), parameter.getValue());
        }
        return statement.map(row -> row.get(0, Long.class)).one();
    }
}
