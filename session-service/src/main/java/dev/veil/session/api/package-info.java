/**
 * The public, Plivo-compatible session API ({@code /v1/Account/{auth_id}/Masking/Session}): create, get, list,
 * update and expire; request parsing and validation with Plivo's error wording, the JSON shapes of Plivo's
 * responses, and Plivo-shaped error bodies for every failure.
 */
@NullMarked
package dev.veil.session.api;

import org.jspecify.annotations.NullMarked;
