/** Expiry of sessions whose expiry time has passed, each with its {@code SessionExpired} event. */
@NullMarked
package dev.veil.session.expiry;

import org.jspecify.annotations.NullMarked;
