-- Erasure (issue 9): a session named in a data-erasure request loses its recordings, and keeps none made later.

-- Erasure finds a session's recordings by session.
CREATE INDEX recordings_session ON recordings (session_uuid);

-- Sessions whose recordings were erased. A recording callback the carrier sends later (a call still under way when
-- the erasure came) is acknowledged and dropped, so no recording of an erased session is stored again.
CREATE TABLE erased_sessions (
    session_uuid text        PRIMARY KEY,
    erased_at    timestamptz NOT NULL
);
