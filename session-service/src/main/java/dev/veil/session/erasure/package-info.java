/**
 * Erasure of a phone number's data for an account (GDPR/DPDP requests): {@code POST
 * /v1/Account/{auth_id}/Masking/Erasure/} expires the account's sessions with that number as a party
 * ({@code SessionExpired} reason {@code erased}), deletes their stored numbers, PINs, callbacks and idempotency
 * records, and audits the erasure by id and counts, never the number.
 */
@NullMarked
package dev.veil.session.erasure;

import org.jspecify.annotations.NullMarked;
