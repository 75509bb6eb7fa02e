/**
 * Limits on what an account may start: calls started per account, as token buckets per account whose limits come
 * from session-service (kept a short while) or from the configured default.
 */
@NullMarked
package dev.veil.router.limits;

import org.jspecify.annotations.NullMarked;
