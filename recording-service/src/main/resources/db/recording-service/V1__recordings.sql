-- One row per recording of a call: what was recorded, when, in which format and where its media is stored.
CREATE TABLE recordings (
    recording_uuid  uuid        PRIMARY KEY,
    session_uuid    text        NOT NULL,
    account_id      text        NOT NULL,
    -- The carrier's id of the call leg that was recorded.
    call_uuid       text        NOT NULL,
    format          text        NOT NULL CHECK (format IN ('mp3', 'wav')),
    -- Length of the recording in milliseconds (the carrier reports it at that resolution); null until it ended.
    duration_ms     bigint      CHECK (duration_ms >= 0),
    recording_start timestamptz,
    recording_end   timestamptz,
    -- Where the media is in Veil's store, relative to the store's root; null until it has been copied there.
    storage_path    text,
    -- in_progress while recording, completed once the media is stored, failed when it could not be, deleted by
    -- retention (the row stays so the recording's history does).
    status          text        NOT NULL CHECK (status IN ('in_progress', 'completed', 'failed', 'deleted')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (recording_end IS NULL OR recording_start IS NULL OR recording_end >= recording_start)
);

