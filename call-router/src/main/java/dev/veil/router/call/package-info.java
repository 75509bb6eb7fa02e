/**
 * Carrier-neutral call handling: what Veil does with each report a carrier makes about a call (route it, record
 * it, end it), the idempotency log of those reports, and the call events it publishes. Answers are decided in
 * memory (live calls) and written behind in batches (the answer journal).
 */
@NullMarked
package dev.veil.router.call;

import org.jspecify.annotations.NullMarked;
