-- Calls billed, one row per call (keyed by its inbound leg's id): the unit CallBilled is published for, so a call
-- reported again under a new event id is recognised and billed no second time.
CREATE TABLE billed_calls (
    call_uuid    text        PRIMARY KEY,
    session_uuid text        NOT NULL,
    account_id   text        NOT NULL,
    billed_at    timestamptz NOT NULL
);

-- One charge per call leg, keyed by the leg's carrier call id, so a leg is never charged twice.
CREATE TABLE charges (
    call_uuid             text          PRIMARY KEY,
    session_uuid          text          NOT NULL,
    account_id            text          NOT NULL,
    interaction_call_uuid text          NOT NULL REFERENCES billed_calls (call_uuid),
    direction             text          NOT NULL CHECK (direction IN ('inbound', 'outbound', 'unknown')),
    country               text,
    bill_duration         integer       NOT NULL CHECK (bill_duration >= 0),
    billed_seconds        integer       NOT NULL CHECK (billed_seconds >= 0),
    -- Price per minute as configured when the leg was rated; unconstrained scale keeps it exactly.
    rate                  numeric       NOT NULL CHECK (rate >= 0),
    amount                numeric(18,5) NOT NULL CHECK (amount >= 0),
    currency              char(3)       NOT NULL,
    charged_at            timestamptz   NOT NULL
);

-- The charges listing looks a session's charges up.
CREATE INDEX charges_session ON charges (session_uuid);
