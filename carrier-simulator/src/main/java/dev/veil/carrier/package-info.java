/**
 * carrier-simulator: a Plivo-like voice carrier. Calls are placed through {@code api}, executed against the
 * application's XML by {@code call} (the simulated call flow), which posts signed webhooks through
 * {@code webhook} and reads Plivo XML with {@code xml}; finished calls are kept in memory by {@code records}.
 */
@NullMarked
package dev.veil.carrier;

import org.jspecify.annotations.NullMarked;
