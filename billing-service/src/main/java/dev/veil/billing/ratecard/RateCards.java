package dev.veil.billing.ratecard;

import dev.veil.billing.BillingProperties;
import dev.veil.billing.rating.RateCard;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The rate card each account is rated with: its own (table {@code rate_cards}, set through the admin API), else
 * its main account's when it is a mapped subaccount, else the default card from configuration. Read afresh for
 * every call and session charged, so a changed card applies to everything charged after the change and to nothing
 * charged before (each charge row keeps the rate it was rated at).
 */
@Repository
public class RateCards {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final BillingProperties properties;
    private final RateCard defaultCard;

    RateCards(DatabaseClient db, JsonMapper json, BillingProperties properties) {
        this.db = db;
        this.json = json;
        this.properties = properties;
        this.defaultCard = properties.rateCard();
    }

    /** Which card rates an account, and why. */
    enum Source {
        /** The account's own card. */
        ACCOUNT,
        /** The card of the main account the subaccount is mapped to. */
        MAIN_ACCOUNT,
        /** The default card from configuration. */
        DEFAULT
    }

    /** A card and where it came from. */
    record Effective(RateCard card, Source source) {
    }

    /** The card charges of {@code accountId} are rated with now. */
    public Mono<RateCard> forAccount(String accountId) {
        return effective(accountId).map(Effective::card);
    }

    Mono<Effective> effective(String accountId) {
        String main = properties.mainAccountOf(accountId);
        Mono<Effective> ofMain = main.equals(accountId) ? Mono.empty()
                : stored(main).map(card -> new Effective(card, Source.MAIN_ACCOUNT));
        return stored(accountId).map(card -> new Effective(card, Source.ACCOUNT))
                .switchIfEmpty(ofMain)
                .defaultIfEmpty(new Effective(defaultCard, Source.DEFAULT));
    }

    /** Sets the account's own card, replacing any it had. */
    Mono<Void> put(String accountId, RateCard card, Instant at) {
        String body = json.writeValueAsString(RateCardJson.of(card, null, null));
        return db.sql("""
                        INSERT INTO rate_cards (account_id, card, updated_at)
                        VALUES (:account, CAST(:card AS jsonb), :at)
                        ON CONFLICT (account_id) DO UPDATE SET card = EXCLUDED.card, updated_at = EXCLUDED.updated_at""")
                .bind("account", accountId).bind("card", body).bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** Removes the account's own card; emits whether it had one. */
    Mono<Boolean> delete(String accountId) {
        return db.sql("DELETE FROM rate_cards WHERE account_id = :account").bind("account", accountId)
                .fetch().rowsUpdated().map(deleted -> deleted > 0);
    }

    private Mono<RateCard> stored(String accountId) {
        return db.sql("SELECT card::text AS card FROM rate_cards WHERE account_id = :account")
                .bind("account", accountId)
                .map(row -> json.readValue(row.get("card", String.class), RateCardJson.class).toCard())
                .one();
    }
}
