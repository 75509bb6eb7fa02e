/**
 * Delivery of the carrier's webhooks to the application: form-encoded, numbers without {@code +}, each signed
 * with Plivo's {@code X-Plivo-Signature-V3} over the exact URL it is sent to and a fresh nonce.
 */
@NullMarked
package dev.veil.carrier.webhook;

import org.jspecify.annotations.NullMarked;
