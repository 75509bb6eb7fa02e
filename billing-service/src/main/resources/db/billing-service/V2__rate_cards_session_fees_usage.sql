-- Each account's own rate card, set through the admin API (the JSON of the API body without account_id/source);
-- an account without a row is rated with the default card from configuration.
CREATE TABLE rate_cards (
    account_id text        PRIMARY KEY,
    card       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One fee per session created with a non-zero fee, keyed by the session, so a redelivered or replayed
-- SessionCreated charges nothing more.
CREATE TABLE session_charges (
    session_uuid text          PRIMARY KEY,
    account_id   text          NOT NULL,
    amount       numeric(18,5) NOT NULL CHECK (amount > 0),
    currency     char(3)       NOT NULL,
    charged_at   timestamptz   NOT NULL
);

-- The usage API selects an account's charges in a time range.
CREATE INDEX charges_account_charged_at ON charges (account_id, charged_at);
CREATE INDEX session_charges_account_charged_at ON session_charges (account_id, charged_at);
