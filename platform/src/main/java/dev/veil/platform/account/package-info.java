/**
 * Authentication of a service's public API with the account credentials session-service holds: the
 * {@link dev.veil.platform.account.AccountAuthenticator} (session-service client with a short cache) and the
 * {@link dev.veil.platform.account.AccountAuthenticationFilter} for the paths in
 * {@code veil.accounts.authenticate-paths}, yielding an {@link dev.veil.platform.account.AuthenticatedAccount}.
 */
package dev.veil.platform.account;
