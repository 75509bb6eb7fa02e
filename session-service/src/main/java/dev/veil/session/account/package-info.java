/**
 * Accounts and their API credentials: tokens stored as salted hashes, seeded from configuration, and HTTP Basic
 * authentication of the public API with tenant isolation.
 */
@NullMarked
package dev.veil.session.account;

import org.jspecify.annotations.NullMarked;
