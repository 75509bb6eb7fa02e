/**
 * Request-a-call ({@code initiate_call_to_first_party}): on {@code SessionCreated} Veil asks the carrier's call API
 * to call the first party from the virtual number; the call's answer webhook ({@code outbound-answer}) then bridges
 * it to the second party.
 */
@NullMarked
package dev.veil.router.requestacall;

import org.jspecify.annotations.NullMarked;
