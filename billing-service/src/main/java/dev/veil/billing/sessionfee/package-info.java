/**
 * Session fees: the {@code SessionCreated} consumer charging each session's creation fee once
 * ({@code session_charges}) and publishing {@code SessionCharged} through the outbox.
 */
@NullMarked
package dev.veil.billing.sessionfee;

import org.jspecify.annotations.NullMarked;
