/**
 * carrier-simulator: a Plivo-like voice carrier. Calls are placed through {@code api} (inbound) and
 * {@code callapi} (Plivo's Call API, outbound), executed against the application's XML by {@code call} (the
 * simulated call flow), which rings phones as {@code phones} scripts them, posts signed webhooks through
 * {@code webhook}, reads Plivo XML with {@code xml} and leaves media to {@code recording}; finished calls are kept
 * in memory by {@code records}.
 */
@NullMarked
package dev.veil.carrier;

import org.jspecify.annotations.NullMarked;
