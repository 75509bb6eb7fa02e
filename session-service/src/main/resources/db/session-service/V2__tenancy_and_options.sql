-- Subaccounts belong to a main account; a disabled account (or a subaccount of a disabled main account) gets 401.
ALTER TABLE accounts
    ADD COLUMN main_account_id text REFERENCES accounts (auth_id),
    ADD COLUMN enabled         boolean NOT NULL DEFAULT true;

-- Single-party sessions may lack one party. main_account_id owns the number pool and sees every session of its
-- subaccounts; subaccount is set when a subaccount created the session or a main account named one.
ALTER TABLE sessions
    ALTER COLUMN first_party DROP NOT NULL,
    ALTER COLUMN second_party DROP NOT NULL,
    ADD COLUMN main_account_id              text,
    ADD COLUMN subaccount                   text,
    ADD COLUMN initiate_call_to_first_party boolean       NOT NULL DEFAULT false,
    ADD COLUMN first_party_play_url         text          NOT NULL DEFAULT '',
    ADD COLUMN second_party_play_url        text          NOT NULL DEFAULT '',
    ADD COLUMN single_party                 boolean       NOT NULL DEFAULT false,
    ADD COLUMN unknown_caller_play          text          NOT NULL DEFAULT '',
    ADD COLUMN cooloff_period               int           NOT NULL DEFAULT 0,
    ADD COLUMN pin_required                 boolean       NOT NULL DEFAULT false,
    ADD COLUMN generate_pin                 boolean       NOT NULL DEFAULT false,
    ADD COLUMN generate_pin_length          int           NOT NULL DEFAULT 4,
    ADD COLUMN first_party_pin              text,
    ADD COLUMN second_party_pin             text,
    ADD COLUMN pin_prompt_play              text          NOT NULL DEFAULT '',
    ADD COLUMN pin_retry                    int           NOT NULL DEFAULT 1,
    ADD COLUMN pin_retry_wait               int           NOT NULL DEFAULT 5,
    ADD COLUMN incorrect_pin_play           text          NOT NULL DEFAULT '',
    ADD COLUMN force_pin                    boolean       NOT NULL DEFAULT false,
    -- Insertion order: created_time has whole seconds only, and a list is newest first even within a second.
    ADD COLUMN created_seq                  bigserial,
    -- Session fees (SessionCharged), USD; total_session_amount = total_call_amount + this.
    ADD COLUMN session_fees                 numeric(19,5) NOT NULL DEFAULT 0;

UPDATE sessions SET main_account_id = account_id;
ALTER TABLE sessions ALTER COLUMN main_account_id SET NOT NULL;

DROP INDEX sessions_of_account;
CREATE INDEX sessions_of_main_account ON sessions (main_account_id, created_time DESC, created_seq DESC);
CREATE INDEX sessions_of_subaccount ON sessions (subaccount, created_time DESC, created_seq DESC)
    WHERE subaccount IS NOT NULL;
