/**
 * Accounts, subaccounts and their API credentials: tokens stored as salted hashes, main accounts seeded from
 * configuration, the operators' admin API (create, rotate, disable), HTTP Basic authentication of the public API
 * yielding the caller's {@link dev.veil.session.account.Tenant}, and the same check as an internal endpoint
 * ({@code GET /internal/v1/accounts/authenticate}) for the other services' public APIs.
 */
@NullMarked
package dev.veil.session.account;

import org.jspecify.annotations.NullMarked;
