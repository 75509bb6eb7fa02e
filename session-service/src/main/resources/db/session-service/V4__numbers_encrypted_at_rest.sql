-- Real phone numbers are no longer stored in clear. sessions.first_party / second_party hold the E.164 number sealed
-- with the data key (AES-256-GCM, "<key id>.<Base64url>", associated data "sessions.first_party" etc.), and beside
-- each its blind index (HMAC-SHA256 with the blind-index key, 22 characters), by which list filters, the route
-- lookup and erasure find sessions. The PINs (first_party_pin, second_party_pin), callbacks.params (the request
-- parameters, From/To included) and idempotency_keys.request_hash / response are sealed the same way. Erasure sets
-- a party's sealed value and index to NULL.
--
-- Rows written before this version hold numbers in clear; nothing of them is worth keeping (pre-release), so they
-- are dropped rather than converted. Accounts stay.
TRUNCATE callback_attempts, callbacks, idempotency_keys, interactions, sessions;

ALTER TABLE sessions
    ADD COLUMN first_party_index  text,
    ADD COLUMN second_party_index text;

CREATE INDEX sessions_first_party_index ON sessions (first_party_index) WHERE first_party_index IS NOT NULL;
CREATE INDEX sessions_second_party_index ON sessions (second_party_index) WHERE second_party_index IS NOT NULL;

-- Erasure deletes a session's idempotency records.
CREATE INDEX idempotency_keys_of_session ON idempotency_keys (session_uuid);
