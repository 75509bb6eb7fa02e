-- Recorded calls the carrier never reports a recording for (issue 7): each answered call of a recorded session is
-- expected to have a recording; once its grace period ran out without one, RecordingFailed(recording-not-reported).

-- Sessions whose calls are recorded (record = true), from the session topic. expired_at is set when the session
-- expires: a call still under way then may end later; the row is dropped a day after.
CREATE TABLE recorded_sessions (
    session_uuid text        PRIMARY KEY,
    account_id   text        NOT NULL,
    expired_at   timestamptz
);

-- Answered calls of recorded sessions, checked once due_at (the call's end + the grace period) passed: the row is
-- deleted in the transaction that finds the call's recording, or publishes RecordingFailed when there is none.
CREATE TABLE expected_recordings (
    call_uuid    text        PRIMARY KEY,
    session_uuid text        NOT NULL,
    account_id   text        NOT NULL,
    due_at       timestamptz NOT NULL
);
CREATE INDEX expected_recordings_due ON expected_recordings (due_at);
CREATE INDEX expected_recordings_session ON expected_recordings (session_uuid);

-- The check looks a call's recordings up by call.
CREATE INDEX recordings_call ON recordings (call_uuid);
