/**
 * Accounts, subaccounts and their API credentials: tokens stored as salted hashes, main accounts seeded from
 * configuration, the operators' admin API (create, rotate, disable), and HTTP Basic authentication of the public API
 * yielding the caller's {@link dev.veil.session.account.Tenant}.
 */
@NullMarked
package dev.veil.session.account;

import org.jspecify.annotations.NullMarked;
