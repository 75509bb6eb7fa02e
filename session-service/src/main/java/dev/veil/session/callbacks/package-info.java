/**
 * Customer callbacks (PLIVO_API.md §6): call, PIN, expiry and recording events turned into Plivo's session and
 * recording callbacks, stored in the transaction of the event that caused them, then delivered signed, in order
 * per session, with retries and a dead letter; the delivery log and replay API; the guard against callback URLs
 * that point into private networks.
 */
@NullMarked
package dev.veil.session.callbacks;

import org.jspecify.annotations.NullMarked;
