/**
 * Scripted phones: how a simulated phone behaves when it rings (answers after a delay, is busy, never answers),
 * how long its owner talks, and the keys its owner types at each {@code GetDigits} prompt. Set through
 * {@code PUT /sim/v1/phones/{number}}; a phone without a script answers after the configured ring time.
 */
@NullMarked
package dev.veil.carrier.phones;

import org.jspecify.annotations.NullMarked;
