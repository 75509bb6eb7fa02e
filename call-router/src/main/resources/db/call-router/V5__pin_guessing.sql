-- PIN guessing protection: wrong PINs typed by one caller on one virtual number, counted across the number's
-- sessions and shared by every replica. The caller is its blind index (HMAC of the number), never the number.
CREATE TABLE pin_guessing (
    virtual_number    text        NOT NULL,
    caller_index      text        NOT NULL,
    -- The counting window: failures counted since window_started_at; a failure after the window starts a new one.
    window_started_at timestamptz NOT NULL,
    failures          integer     NOT NULL,
    -- Refused on this number until then; NULL when never blocked.
    blocked_until     timestamptz,
    PRIMARY KEY (virtual_number, caller_index)
);
