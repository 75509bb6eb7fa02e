/**
 * The session aggregate and its store: sessions with their routing options, interactions and totals, the creation,
 * update and expire transactions (session row plus {@code SessionCreated}, {@code SessionUpdated} or
 * {@code SessionExpired} in the outbox), tenant-scoped reads and lists, and the idempotency keys of creates.
 */
@NullMarked
package dev.veil.session.sessions;

import org.jspecify.annotations.NullMarked;
