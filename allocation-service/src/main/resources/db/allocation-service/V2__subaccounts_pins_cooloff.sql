-- Subaccount pools: a number of the main account (account_id, MA...) is either the main account's own
-- (subaccount_id NULL) or assigned to one of its subaccounts (SA...), and only that subaccount's sessions take it.
ALTER TABLE virtual_numbers ADD COLUMN subaccount_id text;
-- Sessions holding the number (reserved, confirmed or cooling), kept in step by every statement that takes or
-- releases an allocation, so the allocator reads each candidate's load without counting allocations: its cost
-- does not grow with the number of live sessions.
ALTER TABLE virtual_numbers ADD COLUMN live_sessions integer NOT NULL DEFAULT 0 CHECK (live_sessions >= 0);
DROP INDEX virtual_numbers_by_account;
-- The allocator's candidate order (most loaded first, then by number), so it reads candidates in order and stops
-- after the first few admissible ones, however large the pool.
CREATE INDEX virtual_numbers_by_pool ON virtual_numbers
    (account_id, subaccount_id, country, live_sessions DESC, number COLLATE "C") WHERE status = 'active';

-- 'cooling': the session expired but its bindings stay reserved until release_after (its cool-off period).
ALTER TABLE allocations DROP CONSTRAINT allocations_status_check;
ALTER TABLE allocations ADD CONSTRAINT allocations_status_check
    CHECK (status IN ('reserved', 'confirmed', 'cooling', 'released'));
-- request_key: what the session asked for (parties, caller bindings, PIN choice, pool), so a repeated request for
-- the same session uuid is recognised even after the bindings were released.
-- held_bindings: every binding the allocation took, generated PINs included, so a late SessionCreated can take
-- them back after the reaper released them.
ALTER TABLE allocations
    ADD COLUMN subaccount_id    text,
    ADD COLUMN request_key      text,
    ADD COLUMN held_bindings    text[] NOT NULL DEFAULT '{}',
    ADD COLUMN first_party_pin  text,
    ADD COLUMN second_party_pin text,
    ADD COLUMN cooloff_seconds  integer NOT NULL DEFAULT 0 CHECK (cooloff_seconds BETWEEN 0 AND 3600),
    ADD COLUMN release_after    timestamptz;
CREATE INDEX allocations_cooling_until ON allocations (release_after) WHERE status = 'cooling';

-- Allocations made before this migration held party bindings only.
UPDATE allocations a
SET held_bindings = b.held,
    request_key   = array_to_string(b.held, ',')
FROM (SELECT session_uuid, array_agg(binding ORDER BY binding COLLATE "C") AS held
      FROM bindings GROUP BY session_uuid) b
WHERE b.session_uuid = a.session_uuid;

UPDATE virtual_numbers v
SET live_sessions = l.n
FROM (SELECT virtual_number, count(*) AS n FROM allocations WHERE status <> 'released'
      GROUP BY virtual_number) l
WHERE l.virtual_number = v.number;
