-- PIN tries are logged once per (call, try) as kind pin_<try>: the try number is in the GetDigits action URL, so a
-- repeated webhook finds its row and a new try does not.
ALTER TABLE webhook_log DROP CONSTRAINT webhook_log_kind_check;
ALTER TABLE webhook_log ADD CONSTRAINT webhook_log_kind_check
    CHECK (kind IN ('answer', 'dial_answer', 'dial_hangup', 'dial_status', 'hangup') OR kind ~ '^pin_[1-9][0-9]*$');

-- One live call per session: the call that holds the session, claimed when Veil bridges it and released at its
-- hangup. The primary key is what refuses a second concurrent call, on every replica.
CREATE TABLE live_call (
    session_uuid text        PRIMARY KEY,
    call_uuid    text        NOT NULL,
    started_at   timestamptz NOT NULL
);

-- Single-party sessions: who called last (E.164), called when the session's party calls back. Durable so a
-- restarted router still routes the call back.
CREATE TABLE last_caller (
    session_uuid text        PRIMARY KEY,
    caller       text        NOT NULL,
    called_at    timestamptz NOT NULL
);
