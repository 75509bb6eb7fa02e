/**
 * The session aggregate and its store: sessions, their interactions and totals, the creation transaction (session
 * row plus {@code SessionCreated} in the outbox) and the idempotency keys of creates.
 */
@NullMarked
package dev.veil.session.sessions;

import org.jspecify.annotations.NullMarked;
