package dev.veil.session.sessions;

import java.util.UUID;

/**
 * The response a create with an {@code Idempotency-Key} got, kept so that a repeat of the request gets it again.
 *
 * @param key         the {@code Idempotency-Key} the client sent
 * @param requestHash hash of the request body, to tell a repeat from a different request reusing the key
 * @param status      HTTP status of the response
 * @param body        the response body, byte for byte
 */
public record StoredResponse(String key, String requestHash, UUID sessionUuid, int status, String body) {
}
