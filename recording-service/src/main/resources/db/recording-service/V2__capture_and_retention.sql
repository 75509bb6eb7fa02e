-- Capture, storage and retention of recordings (issue 7).

-- The carrier's RecordingID is Veil's recording id. Plivo's are UUIDs, but nothing promises that of every carrier,
-- so it is kept as text.
ALTER TABLE recordings RENAME COLUMN recording_uuid TO recording_id;
ALTER TABLE recordings ALTER COLUMN recording_id TYPE text;

ALTER TABLE recordings
    -- Where the carrier serves the media (its RecordUrl); a signed callback told it.
    ADD COLUMN record_url     text,
    -- Size and SHA-256 (hex) of the stored media, verified when it was copied; null until stored.
    ADD COLUMN size_bytes     bigint CHECK (size_bytes >= 0),
    ADD COLUMN sha256         text,
    -- When the media was stored (Veil's clock).
    ADD COLUMN stored_at      timestamptz,
    -- Why the recording failed (RecordingFailed.reason) or was deleted (RecordingDeleted.reason), and when.
    ADD COLUMN failure_reason text,
    ADD COLUMN deleted_at     timestamptz,
    ADD COLUMN delete_reason  text CHECK (delete_reason IN ('api', 'retention', 'erasure'));

-- The API lists an account's recordings newest first, optionally of one session or call.
CREATE INDEX recordings_account ON recordings (account_id, recording_start DESC);
-- Retention scans stored recordings by age; deleted rows whose file is still there are swept again.
CREATE INDEX recordings_stored ON recordings (recording_end) WHERE status = 'completed';
CREATE INDEX recordings_unswept ON recordings (recording_id) WHERE status = 'deleted' AND storage_path IS NOT NULL;

-- Media copies still to make: one row per recording whose final callback came and whose media is not stored yet.
-- The download job takes due rows (next_attempt_at <= now, not leased), and either stores the media (row deleted,
-- recording completed), reschedules with a longer backoff, or after the last attempt fails the recording.
CREATE TABLE recording_downloads (
    recording_id    text        PRIMARY KEY REFERENCES recordings (recording_id),
    attempts        int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    -- A replica working on the row holds it until then; a crashed replica's lease simply runs out.
    leased_until    timestamptz,
    last_error      text
);
CREATE INDEX recording_downloads_due ON recording_downloads (next_attempt_at);
