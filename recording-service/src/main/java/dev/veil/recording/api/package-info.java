/**
 * The customer's Recording API ({@code /v1/Account/{auth_id}/Recording/}): list, get, media download with range
 * requests, delete; tenant-scoped through the platform's account filter.
 */
@NullMarked
package dev.veil.recording.api;

import org.jspecify.annotations.NullMarked;
