package dev.veil.session.account;

import reactor.core.publisher.Mono;

/**
 * The auth tokens that sign customer callbacks, decrypted from the encrypted copy the accounts table keeps beside
 * the hash. Never log or return what it gives.
 */
public final class AccountTokens {

    private final AccountCredentials credentials;

    AccountTokens(AccountCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * The account's auth token; empty when the account is unknown or its token was set before tokens were stored
     * encrypted and has not been used since (the next authenticated request stores it).
     */
    public Mono<String> token(String authId) {
        return credentials.token(authId);
    }
}
