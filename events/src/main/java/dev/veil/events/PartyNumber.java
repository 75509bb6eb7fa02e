package dev.veil.events;

/**
 * A party's real phone number as events carry it: never in clear. Analytics consumers get the blind index and the
 * country; only the services that must dial the number (call-router) hold the key that opens {@code sealed}.
 *
 * @param index   keyed hash (HMAC-SHA256 with the deployment's blind-index key, Base64url) of the E.164 number:
 *                equal for equal numbers, so consumers can count and join on it, but it does not reveal the number
 * @param country ISO 3166 alpha-2 country of the number
 * @param sealed  the E.164 number encrypted with the event key (AES-256-GCM, {@code <key id>.<Base64url>})
 */
public record PartyNumber(String index, String country, String sealed) {
}
