-- Parties are bound by blind index now ('party:' + the 22-character keyed hash session-service computes), never by
-- number. Bindings written before held 'party:+E164'; converting them needs the blind-index key, which this service
-- does not hold. session-service's migration V4 dropped every session stored before (they held numbers in clear),
-- so their allocations will never see those sessions expire: they are released here, and what they held of the
-- parties' numbers (bindings, held_bindings, request_key) is deleted.
DELETE FROM bindings;
UPDATE allocations
SET status        = 'released',
    released_at   = coalesce(released_at, now()),
    held_bindings = '{}',
    request_key   = NULL;
UPDATE virtual_numbers SET live_sessions = 0;
