-- The answer webhook now claims a session's live call in memory and writes the claim behind (with its webhook log
-- row and events); this table is what a restarted router reads its claims back from. stale_at: from when another
-- call may take the session over because this call's hangup never came (null on claims written before).
ALTER TABLE live_call ADD COLUMN stale_at timestamptz;
