-- Auth tokens also kept encrypted (AES-256-GCM, Base64 of IV || ciphertext || tag, the auth id as associated data),
-- because signing customer callbacks needs the token itself; token_hash stays the only thing authentication reads.
-- token_key_id names the configured key (veil.session.token-encryption.keys.<id>) that encrypted it. NULL for an
-- account whose token this service has not seen in clear since this migration: the next authenticated request
-- (or the seeding of a configured account) fills it in.
ALTER TABLE accounts
    ADD COLUMN token_ciphertext text,
    ADD COLUMN token_key_id     text;

-- The last SequenceNumber given to a callback of the session; the row lock taken to increment it orders the
-- session's callbacks.
ALTER TABLE sessions ADD COLUMN callback_seq bigint NOT NULL DEFAULT 0;

-- caller_role and hangup_cause come from CallEnded, for SessionPartiesHangup (sent once the call has both ended and
-- been billed: hangup_notified makes that once). recording_resource_url from RecordingCompleted/RecordingDeleted.
ALTER TABLE interactions
    ADD COLUMN caller_role            text,
    ADD COLUMN hangup_cause           text,
    ADD COLUMN hangup_notified        boolean NOT NULL DEFAULT false,
    ADD COLUMN recording_resource_url text;

-- Customer callbacks, stored (in the transaction of the event that caused them) before any attempt.
-- params holds the request parameters (real numbers included: they go to the customer's URL and nowhere else).
CREATE TABLE callbacks (
    id                bigserial   PRIMARY KEY,
    callback_uuid     uuid        NOT NULL UNIQUE,
    session_uuid      uuid        NOT NULL,
    sequence_number   bigint      NOT NULL,
    -- The account whose token signs the request (the subaccount of a subaccount's session) and its main account.
    account_id        text        NOT NULL,
    main_account_id   text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('status', 'recording')),
    event_name        text        NOT NULL,
    url               text        NOT NULL,
    method            text        NOT NULL CHECK (method IN ('GET', 'POST')),
    params            text        NOT NULL,
    event_time        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    status            text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts          int         NOT NULL DEFAULT 0,
    -- When the next attempt is due; while an attempt is in flight, when its lease runs out (then it is retried).
    next_attempt_at   timestamptz NOT NULL,
    -- Retries stop max-age after this (the creation, or the latest replay).
    retry_from        timestamptz NOT NULL,
    delivered_at      timestamptz,
    UNIQUE (session_uuid, sequence_number)
);

CREATE INDEX callbacks_due ON callbacks (next_attempt_at) WHERE status = 'pending';
CREATE INDEX callbacks_pending_of_session ON callbacks (session_uuid, sequence_number) WHERE status = 'pending';
CREATE INDEX callbacks_dead ON callbacks (main_account_id, id) WHERE status = 'dead';

-- Every delivery attempt: when, how long, the answer's status code (NULL when none came) or the error.
CREATE TABLE callback_attempts (
    callback_id  bigint      NOT NULL REFERENCES callbacks (id) ON DELETE CASCADE,
    attempt      int         NOT NULL,
    started_at   timestamptz NOT NULL,
    duration_ms  int         NOT NULL,
    status_code  int,
    error        text,
    PRIMARY KEY (callback_id, attempt)
);
