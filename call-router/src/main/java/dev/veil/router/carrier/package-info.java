/**
 * Carrier webhooks: one {@link dev.veil.router.carrier.CarrierAdapter} per carrier (Plivo now) speaks the
 * carrier's dialect (signature, parameters, call-control documents); {@code CarrierWebhooks} serves
 * {@code POST /carrier/{carrier}/{webhook}} for all of them, verifying every signature before anything happens.
 */
@NullMarked
package dev.veil.router.carrier;

import org.jspecify.annotations.NullMarked;
