/**
 * The public, Plivo-compatible session API ({@code /v1/Account/{auth_id}/Masking/Session}): request parsing and
 * validation with Plivo's error wording, the JSON shapes of Plivo's responses, and the error body.
 */
@NullMarked
package dev.veil.session.api;

import org.jspecify.annotations.NullMarked;
