/**
 * The carrier's Call API, as Plivo's: {@code POST /v1/Account/{auth_id}/Call/} with HTTP Basic places an
 * outbound call (request-a-call) that the simulator runs in the background. Errors are Plivo-shaped
 * {@code {"api_id": "...", "error": "..."}}.
 */
@NullMarked
package dev.veil.carrier.callapi;

import org.jspecify.annotations.NullMarked;
