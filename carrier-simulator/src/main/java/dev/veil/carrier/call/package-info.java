/**
 * The simulated call flow: {@link dev.veil.carrier.call.CallSimulator} places an inbound or Call API call, asks
 * the application for XML, executes it (prompts and keys, recordings, rings and bridges the dialled party) on a
 * simulated clock, posts the webhooks in Plivo's order and produces a {@link dev.veil.carrier.call.CallReport}.
 */
@NullMarked
package dev.veil.carrier.call;

import org.jspecify.annotations.NullMarked;
