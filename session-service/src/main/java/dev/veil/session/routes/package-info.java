/**
 * The internal route lookups call-router uses when its in-memory index misses: a caller's session, and a virtual
 * number's recent sessions.
 */
@NullMarked
package dev.veil.session.routes;

import org.jspecify.annotations.NullMarked;
