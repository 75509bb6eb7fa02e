-- Real phone numbers are no longer stored in clear (issue 9). The parameters as posted (From, To, typed digits) are
-- no longer kept: nothing needs them once acted on. What Veil read and answered (the detail: it names the party
-- dialled) is sealed with the service's data key (AES-256-GCM, '<key id>.<base64url>', associated data
-- 'webhook_log.detail'), NULL once erased; what the queries looked up inside the JSON is written beside it instead.
ALTER TABLE webhook_log ADD COLUMN bridged boolean NOT NULL DEFAULT false;
ALTER TABLE webhook_log ADD COLUMN hangs_up boolean NOT NULL DEFAULT false;
-- The session a bridged call or a PIN check belongs to, so an erasure finds the session's calls.
ALTER TABLE webhook_log ADD COLUMN session_uuid text;
UPDATE webhook_log SET bridged = jsonb_typeof(detail -> 'connected') = 'object',
                       hangs_up = coalesce(detail -> 'instruction' ->> 'type' IN ('play_and_hang_up', 'reject'),
                                           false),
                       session_uuid = coalesce(detail -> 'connected' ->> 'sessionUuid',
                                               detail -> 'pinCheck' ->> 'sessionUuid');
ALTER TABLE webhook_log DROP COLUMN payload;
-- Rows written before held numbers in clear: their details go, their keys stay (a retried webhook is still a retry).
ALTER TABLE webhook_log ALTER COLUMN detail DROP NOT NULL, ALTER COLUMN detail TYPE text USING NULL;
CREATE INDEX webhook_log_session ON webhook_log (session_uuid) WHERE session_uuid IS NOT NULL;

-- The last caller of a single-party session, sealed ('last_caller.caller'); rows in clear are dropped.
DELETE FROM last_caller;
