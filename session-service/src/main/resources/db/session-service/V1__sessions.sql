-- API credentials. The token is kept only as a salted SHA-256 hash ("sha256$<salt>$<hash>", Base64): tokens are
-- long random secrets, so a fast hash is safe and keeps every authenticated request cheap.
CREATE TABLE accounts (
    auth_id    text        PRIMARY KEY,
    token_hash text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Masked sessions. Numbers are E.164 with '+'; the API shows them without it.
CREATE TABLE sessions (
    session_uuid               uuid          PRIMARY KEY,
    account_id                 text          NOT NULL REFERENCES accounts (auth_id),
    first_party                text          NOT NULL,
    second_party               text          NOT NULL,
    virtual_number             text          NOT NULL,
    status                     text          NOT NULL CHECK (status IN ('active', 'in-progress', 'expired')),
    geomatch                   boolean       NOT NULL,
    call_time_limit            int           NOT NULL,
    ring_timeout               int           NOT NULL,
    record                     boolean       NOT NULL,
    record_file_format         text          NOT NULL,
    callback_url               text          NOT NULL,
    callback_method            text          NOT NULL,
    recording_callback_url     text          NOT NULL,
    recording_callback_method  text          NOT NULL,
    created_time               timestamptz   NOT NULL,
    modified_time              timestamptz   NOT NULL,
    expiry_time                timestamptz   NOT NULL,
    -- Totals over billed calls (CallBilled), amounts in USD.
    total_call_count           int           NOT NULL DEFAULT 0,
    total_call_amount          numeric(19,5) NOT NULL DEFAULT 0,
    total_call_billed_duration bigint        NOT NULL DEFAULT 0,
    -- End of the latest interaction; NULL before the first one ended.
    last_interaction_time      timestamptz
);

-- The expiry scheduler's work list, and the live sessions on a virtual number for the route lookup.
CREATE INDEX sessions_due ON sessions (expiry_time) WHERE status <> 'expired';
CREATE INDEX sessions_live_on_number ON sessions (virtual_number) WHERE status <> 'expired';
CREATE INDEX sessions_of_account ON sessions (account_id, created_time DESC);

-- One row per call in a session, keyed by the carrier's id of the inbound leg. Call and billing events arrive on
-- different topics in any order, so any of them may create the row and every column but the key is filled late.
-- No foreign key to sessions: an event for a session this service does not know must not block its partition.
CREATE TABLE interactions (
    call_uuid            text          PRIMARY KEY,
    session_uuid         uuid          NOT NULL,
    start_time           timestamptz,
    end_time             timestamptz,
    duration             int,
    -- Set by the first CallBilled of the call, so the session totals count each call once.
    billed               boolean       NOT NULL DEFAULT false,
    total_call_amount    numeric(19,5) NOT NULL DEFAULT 0,
    call_billed_duration int           NOT NULL DEFAULT 0,
    total_call_count     int           NOT NULL DEFAULT 0
);

CREATE INDEX interactions_of_session ON interactions (session_uuid);

-- Creates made with an Idempotency-Key header: a repeat with the same key gets the stored response verbatim.
CREATE TABLE idempotency_keys (
    account_id      text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    session_uuid    uuid        NOT NULL,
    status          int         NOT NULL,
    response        text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, idempotency_key)
);
