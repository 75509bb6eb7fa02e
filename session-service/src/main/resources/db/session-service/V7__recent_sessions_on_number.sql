-- The live sessions on a virtual number, newest first: call-router's recent-sessions lookup reads the newest of
-- them (GET /internal/v1/routes/recent), the party route lookup all of them. Replaces the index on the number alone.
CREATE INDEX sessions_live_on_number_newest ON sessions (virtual_number, created_time DESC, created_seq DESC)
    WHERE status <> 'expired';
DROP INDEX sessions_live_on_number;
