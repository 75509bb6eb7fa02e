/**
 * session-service: the Plivo-compatible session API, accounts, sessions, interactions and totals. Sub-packages
 * are capabilities: {@code account} (credentials and authentication), {@code api} (the public REST API),
 * {@code allocation} (the client of allocation-service), {@code sessions} (the session aggregate and its store),
 * {@code interactions} (call and billing events applied to sessions), {@code expiry} (the expiry scheduler) and
 * {@code routes} (the internal route lookups used by call-router).
 */
@NullMarked
package dev.veil.session;

import org.jspecify.annotations.NullMarked;
