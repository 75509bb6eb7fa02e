/**
 * The simulator's HTTP API ({@code /sim/v1}): place a call and get its report, look a call up, and list what a
 * simulated phone saw. Errors are {@code {"error": "..."}}.
 */
@NullMarked
package dev.veil.carrier.api;

import org.jspecify.annotations.NullMarked;
