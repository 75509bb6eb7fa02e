package dev.veil.session.account;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers whether a subaccount belongs to a main account, for a create that names a {@code subaccount}, and lists
 * a main account's live subaccounts for the internal authentication endpoint.
 */
public final class Subaccounts {

    private final DatabaseClient db;

    Subaccounts(DatabaseClient db) {
        this.db = db;
    }

    /** Whether {@code subaccount} is an enabled subaccount of {@code mainAccountId}. */
    public Mono<Boolean> belongsTo(String subaccount, String mainAccountId) {
        return db.sql("""
                        SELECT count(*) AS n FROM accounts
                        WHERE auth_id = :sub AND main_account_id = :main AND enabled""")
                .bind("sub", subaccount).bind("main", mainAccountId)
                .map(row -> row.get("n", Long.class))
                .one()
                .map(n -> n > 0);
    }

    /** The enabled subaccounts of {@code mainAccountId}, in auth id order. */
    Flux<String> liveOf(String mainAccountId) {
        return db.sql("SELECT auth_id FROM accounts WHERE main_account_id = :main AND enabled ORDER BY auth_id")
                .bind("main", mainAccountId)
                .map(row -> row.get("auth_id", String.class))
                .all();
    }
}
