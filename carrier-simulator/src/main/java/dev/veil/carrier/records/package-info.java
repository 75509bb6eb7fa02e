/**
 * Memory of finished simulated calls: each call's report, and what each simulated phone saw (its outgoing calls,
 * and the incoming calls with the caller ID shown). Bounded; the oldest calls are forgotten first.
 */
@NullMarked
package dev.veil.carrier.records;

import org.jspecify.annotations.NullMarked;
